"""Grid assignments (网格): which buildings, or floors of a building, each grid worker covers;
every floor has exactly one responsible worker."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.residents.assignments import coverage, service
from registry.residents.assignments.errors import (
    AreasRepeated,
    AssignmentLeavesGap,
    BuildingOutsideCommunity,
    FloorsOutsideBuilding,
    TwoResponsibleWorkers,
)
from registry.residents.assignments.schemas import (
    SUBJECT_PATTERN,
    GridAssignmentRead,
    GridAssignmentSet,
    GridCoverage,
    GridPlanSet,
    ResponsibleWorker,
)
from registry.residents.communities.errors import CommunityNotFound, CommunityUnclear
from registry.residents.households.errors import HouseholdNotFound
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["assignments"])
_CHANGE_PROBLEMS = (
    CommunityNotFound,
    BuildingOutsideCommunity,
    FloorsOutsideBuilding,
    AreasRepeated,
    TwoResponsibleWorkers,
    AssignmentLeavesGap,
)


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
    "",
    response_model=list[GridAssignmentRead],
    responses=problem_responses(*_CHANGE_PROBLEMS),
    summary="Change several grid workers' areas at once (e.g. move 2栋 from A to B)",
    description="Each worker named gets exactly the buildings and floors given; the others "
    "keep theirs. Refused when a floor would have two responsible workers, or a floor one of "
    "them had would have none.",
)
async def set_plan(
    body: GridPlanSet,
    principal: Principal = Depends(require(Permission.households_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.set_plan(session, principal, body)


@router.get(
    "/coverage",
    response_model=GridCoverage,
    responses=problem_responses(CommunityNotFound, CommunityUnclear),
    summary="Floors nobody is responsible for, and households per grid worker",
)
async def get_grid_coverage(
    community_id: uuid.UUID | None = Query(None),
    principal: Principal = Depends(require(Permission.grid_coverage_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await coverage.grid_coverage(session, principal, community_id)


@router.get(
    "/responsible",
    response_model=ResponsibleWorker,
    responses=problem_responses(HouseholdNotFound),
    summary="Who is responsible for a household",
)
async def get_responsible_worker(
    household_id: uuid.UUID = Query(),
    principal: Principal = Depends(require(Permission.households_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await coverage.responsible_worker(session, principal, household_id)


@router.put(
    "/{subject}",
    response_model=list[GridAssignmentRead],
    responses=problem_responses(*_CHANGE_PROBLEMS),
    summary="Set the buildings (or floors) a grid worker covers in a community",
    description="`subject` is the grid worker's account as `user:<uuid>` (see /api/v1/auth/users). "
    "Taking floors from a worker is refused unless another worker gets them in the same change "
    "(`PUT /api/v1/assignments`).",
)
async def set_assignments(
    body: GridAssignmentSet,
    subject: str = Path(pattern=SUBJECT_PATTERN),
    principal: Principal = Depends(require(Permission.households_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.set_assignments(session, principal, subject, body)
