"""Communities and their buildings."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from registry.communities import service
from registry.communities.errors import CommunityNotFound
from registry.communities.schemas import BuildingRead, CommunityRead
from registry.database import get_session
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["communities"])
can_read = require(Permission.communities_read)


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
