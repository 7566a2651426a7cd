"""Communities and their buildings."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.residents.communities import service
from registry.residents.communities.errors import (
    BuildingExists,
    CommunityNotFound,
    CompoundExists,
    CompoundNotFound,
)
from registry.residents.communities.schemas import (
    BuildingCreate,
    BuildingRead,
    CommunityRead,
    CompoundCreate,
    CompoundRead,
)
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["communities"])
can_read = require(Permission.communities_read)
# Staff build the compound → building tree as they file households (建档立卡).
can_build = require(Permission.households_write)


@router.get("", response_model=list[CommunityRead], summary="Communities the caller works in")
async def list_communities(
    principal: Principal = Depends(can_read), session: AsyncSession = Depends(get_session)
) -> object:
    return await service.list_communities(session, principal)


@router.get(
    "/{community_id}",
    response_model=CommunityRead,
    responses=problem_responses(CommunityNotFound),
    summary="One community",
)
async def get_community(
    community_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_community(session, principal, community_id)


@router.get(
    "/{community_id}/buildings",
    response_model=list[BuildingRead],
    responses=problem_responses(CommunityNotFound),
    summary="Buildings of a community, by compound",
)
async def list_buildings(
    community_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_buildings(session, principal, community_id)


@router.get(
    "/{community_id}/compounds",
    response_model=list[CompoundRead],
    responses=problem_responses(CommunityNotFound),
    summary="Compounds (小区) of a community",
)
async def list_compounds(
    community_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_compounds(session, principal, community_id)


@router.post(
    "/{community_id}/compounds",
    status_code=201,
    response_model=CompoundRead,
    responses=problem_responses(CommunityNotFound, CompoundExists),
    summary="Add a compound (小区)",
)
async def create_compound(
    community_id: uuid.UUID,
    body: CompoundCreate,
    principal: Principal = Depends(can_build),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.create_compound(session, principal, community_id, body)


@router.post(
    "/{community_id}/buildings",
    status_code=201,
    response_model=BuildingRead,
    responses=problem_responses(CommunityNotFound, CompoundNotFound, BuildingExists),
    summary="Add a building (楼栋) to a compound",
)
async def create_building(
    community_id: uuid.UUID,
    body: BuildingCreate,
    principal: Principal = Depends(can_build),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.create_building(session, principal, community_id, body)
