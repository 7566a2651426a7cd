"""Reading the community tree; every read is limited to the caller's communities."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.assignments.scope import scope_of
from registry.residents.communities import repository
from registry.residents.communities.errors import (
    BuildingExists,
    CommunityNotFound,
    CommunityUnclear,
    CompoundExists,
    CompoundNotFound,
)
from registry.residents.communities.models import Building, Community, Compound
from registry.residents.communities.schemas import BuildingCreate, BuildingRead, CompoundCreate
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
    """A grid worker is offered only the buildings of their grid (wholly or some floors)."""
    await get_community(session, principal, community_id)
    scope = await scope_of(session, principal)
    reachable = None
    if scope.building_ids is not None:
        reachable = set(scope.building_ids) | {r.building_id for r in scope.floors}
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
        if reachable is None or b.id in reachable
    ]


async def list_compounds(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID
) -> list[Compound]:
    await get_community(session, principal, community_id)
    return list(await repository.list_compounds(session, community_id))


async def create_compound(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID, body: CompoundCreate
) -> Compound:
    """Compound names are unique within a community."""
    await get_community(session, principal, community_id)
    name = body.name.strip()
    if await repository.compound_named(session, community_id, name) is not None:
        raise CompoundExists()
    compound = Compound(community_id=community_id, name=name)
    repository.add(session, compound)
    await session.commit()
    return compound


async def create_building(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID, body: BuildingCreate
) -> BuildingRead:
    """Building names are unique within a compound of the same community."""
    await get_community(session, principal, community_id)
    compound = await repository.get_compound(session, body.compound_id)
    if compound is None or compound.community_id != community_id:
        raise CompoundNotFound()
    name = body.name.strip()
    if await repository.building_named(session, compound.id, name) is not None:
        raise BuildingExists()
    building = Building(
        community_id=community_id,
        compound_id=compound.id,
        name=name,
        floors=body.floors,
        units=body.units,
    )
    repository.add(session, building)
    await session.commit()
    return BuildingRead(
        id=building.id,
        compound_id=compound.id,
        compound_name=compound.name,
        name=building.name,
        floors=building.floors,
        units=building.units,
    )


def community_for(principal: Principal, community_id: uuid.UUID | None) -> uuid.UUID:
    """The community a bulk operation (import, export) works on: the one asked for, if the
    caller works there, else the caller's only community."""
    if community_id is not None:
        if not principal.in_community(community_id):
            raise CommunityNotFound()
        return community_id
    if len(principal.community_ids) != 1:
        raise CommunityUnclear("请在 community_id 参数中指明社区")
    return principal.community_ids[0]
