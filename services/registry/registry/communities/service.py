"""Reading the community tree; every read is limited to the caller's communities."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from registry.communities import repository
from registry.communities.errors import CommunityNotFound
from registry.communities.models import Community
from registry.communities.schemas import BuildingRead
from shouhu_common.identity import Principal, Role


async def list_communities(session: AsyncSession, principal: Principal) -> list[Community]:
    only = None if principal.role == Role.admin else list(principal.community_ids)
    return list(await repository.list_communities(session, only))


async def get_community(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID
) -> Community:
    """Another community's row is reported missing, not forbidden (no existence oracle)."""
    community = await repository.get_community(session, community_id)
    if community is None or not principal.in_community(community_id):
        raise CommunityNotFound()
    return community


async def list_buildings(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID
) -> list[BuildingRead]:
    await get_community(session, principal, community_id)
    return [
        BuildingRead(
            id=b.id,
            compound_id=b.compound_id,
            compound_name=compound_name,
            name=b.name,
            floors=b.floors,
            units=b.units,
        )
        for b, compound_name in await repository.list_buildings(session, community_id)
    ]
