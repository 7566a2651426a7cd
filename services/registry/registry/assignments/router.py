"""Grid assignments (网格): which buildings each grid worker covers."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.ext.asyncio import AsyncSession

from registry.assignments import service
from registry.assignments.errors import BuildingOutsideCommunity
from registry.assignments.schemas import SUBJECT_PATTERN, GridAssignmentRead, GridAssignmentSet
from registry.communities.errors import CommunityNotFound
from registry.database import get_session
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["assignments"])


@router.get(
    "",
    response_model=list[GridAssignmentRead],
    summary="Grid assignments (a grid worker sees their own)",
)
async def list_assignments(
    subject: str | None = Query(None, max_length=100),
    principal: Principal = Depends(require(Permission.households_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_assignments(session, principal, subject)


@router.put(
    "/{subject}",
    response_model=list[GridAssignmentRead],
    responses=problem_responses(CommunityNotFound, BuildingOutsideCommunity),
    summary="Set the buildings a grid worker covers in a community",
    description="`subject` is the grid worker's account as `user:<uuid>` (see /api/v1/auth/users).",
)
async def set_assignments(
    body: GridAssignmentSet,
    subject: str = Path(pattern=SUBJECT_PATTERN),
    principal: Principal = Depends(require(Permission.households_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.set_assignments(session, principal, subject, body)
