"""Publishing the communities' public keys and rotating their signing keys."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.state import GateStates
from registry.access.passes import repository
from registry.access.passes.errors import CommunityNotFound
from registry.access.passes.models import PassSigningKey
from registry.access.passes.schemas import PublicKeyRead
from registry.access.passes.service import communities_of
from registry.access.passes.signing import PassSigner
from registry.access.passes.versions import bump_state_version
from registry.residents.communities.repository import get_community
from shouhu_common.identity import Principal, Role


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def key_read(row: PassSigningKey) -> PublicKeyRead:
    return PublicKeyRead(
        kid=row.kid,
        community_id=row.community_id,
        public_key=b64url(row.public_key),
        created_at=row.created_at,
        retired_at=row.retired_at,
        verify_until=row.verify_until,
    )


async def list_public_keys(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None, now: datetime
) -> list[PublicKeyRead]:
    """Keys that still verify: the current one and retired ones whose passes have not expired."""
    if principal.role == Role.resident:
        scope: list[uuid.UUID] | None = list(principal.community_ids)
    else:
        scope = communities_of(principal)
    if community_id is not None:
        if scope is not None and community_id not in scope:
            raise CommunityNotFound()
        scope = [community_id]
    return [key_read(k) for k in await repository.published_keys(session, scope, now)]


async def rotate_key(
    session: AsyncSession,
    signer: PassSigner,
    states: GateStates,
    principal: Principal,
    community_id: uuid.UUID,
    now: datetime,
) -> PublicKeyRead:
    if (
        not principal.in_community(community_id)
        or await get_community(session, community_id) is None
    ):
        raise CommunityNotFound()
    row = await signer.rotate(session, community_id, now)
    await bump_state_version(session, community_id)
    await session.commit()
    await states.refresh_community(community_id)
    return key_read(row)
