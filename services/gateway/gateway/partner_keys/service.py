"""Issuing, rotating and revoking partner API keys: a key is returned once and never stored."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.clients.supplies import PartnerRef
from gateway.partner_keys.errors import PartnerKeyNotFound
from gateway.partner_keys.models import PartnerKey
from gateway.partner_keys.schemas import PartnerKeyIssued, PartnerKeyRead
from gateway.security import new_partner_key, sha256_hex
from shouhu_common.identity import Principal


def _issued(row: PartnerKey, key: str) -> PartnerKeyIssued:
    return PartnerKeyIssued(**PartnerKeyRead.model_validate(row).model_dump(), api_key=key)


async def issue_key(
    session: AsyncSession, partner: PartnerRef, label: str, key: str | None = None
) -> PartnerKeyIssued:
    """`key` is only passed by the demo loader (fixed demo keys); otherwise a random one."""
    if key is None:
        key, prefix = new_partner_key()
    else:
        prefix = key.split("_", 2)[1]
    row = PartnerKey(
        partner_id=partner.id,
        community_id=partner.community_id,
        partner_name=partner.name,
        partner_kind=partner.kind,
        label=label,
        prefix=prefix,
        key_hash=sha256_hex(key),
    )
    session.add(row)
    await session.commit()
    return _issued(row, key)


async def _get_in_scope(
    session: AsyncSession, principal: Principal, key_id: uuid.UUID
) -> PartnerKey:
    row = await session.get(PartnerKey, key_id)
    if row is None or not principal.in_community(row.community_id):
        raise PartnerKeyNotFound()
    return row


async def list_keys(session: AsyncSession, principal: Principal) -> list[PartnerKey]:
    query = select(PartnerKey).order_by(PartnerKey.created_at)
    rows = (await session.scalars(query)).all()
    return [r for r in rows if principal.in_community(r.community_id)]


async def revoke_key(session: AsyncSession, principal: Principal, key_id: uuid.UUID) -> PartnerKey:
    row = await _get_in_scope(session, principal, key_id)
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
        await session.commit()
    return row


async def rotate_key(
    session: AsyncSession, principal: Principal, key_id: uuid.UUID
) -> PartnerKeyIssued:
    """A new key for the same partner; the old one stops working at once."""
    old = await _get_in_scope(session, principal, key_id)
    old.revoked_at = old.revoked_at or datetime.now(UTC)
    partner = PartnerRef(
        id=old.partner_id,
        community_id=old.community_id,
        name=old.partner_name,
        kind=old.partner_kind,
    )
    return await issue_key(session, partner, old.label)
