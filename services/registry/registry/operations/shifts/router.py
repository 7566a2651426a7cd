"""Shifts 排班 at the gates: the roster per gate, filling a week, who is on each shift,
check-in and check-out, a volunteer's own shifts, and the coverage view."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.operations.shifts import attendance, coverage, service, templates
from registry.operations.shifts.coverage_schemas import CoverageRead
from registry.operations.shifts.errors import (
    AlreadyOnShift,
    CheckInOutsideShift,
    CoverageRangeInvalid,
    NotCheckedIn,
    NotOnShift,
    NoWorkerForAccount,
    OnlyYourself,
    ShiftClientIdReused,
    ShiftEndsBeforeStart,
    ShiftExists,
    ShiftGateNotFound,
    ShiftNotFound,
    ShiftOverlap,
    ShiftStarted,
    ShiftTemplateNotFound,
    ShiftTooLong,
    ShiftWorkerNotFound,
    WorkerInactive,
)
from registry.operations.shifts.repository import ShiftFilter
from registry.operations.shifts.schemas import (
    CheckIn,
    FillWeek,
    FillWeekResult,
    MyShiftRead,
    ShiftAssignmentCreate,
    ShiftCreate,
    ShiftPage,
    ShiftRead,
)
from registry.residents.communities.errors import CommunityNotFound, CommunityUnclear
from shouhu_common.auth import require
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["shifts"])
can_read = require(Permission.shifts_read)
can_manage = require(Permission.shifts_manage)
can_check_in = require(Permission.shifts_check_in)


def _utc(value: datetime | None) -> datetime | None:
    """A time without offset is taken as UTC."""
    if value is None:
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


@router.get("", response_model=ShiftPage, summary="Shifts, earliest first, filterable")
async def list_shifts(
    community_id: uuid.UUID | None = Query(None),
    gate_id: uuid.UUID | None = Query(None),
    worker_id: uuid.UUID | None = Query(None),
    start: datetime | None = Query(None, description="Shifts still running after this."),
    end: datetime | None = Query(None, description="Shifts starting before this."),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    flt = ShiftFilter(
        [community_id] if community_id else None, gate_id, worker_id, _utc(start), _utc(end)
    )
    return await service.list_shifts(session, principal, flt, page)


@router.post(
    "",
    status_code=201,
    response_model=ShiftRead,
    responses={
        200: {"model": ShiftRead, "description": "A retry: the first record, unchanged"},
        **problem_responses(
            ShiftGateNotFound,
            ShiftEndsBeforeStart,
            ShiftTooLong,
            ShiftExists,
            ShiftClientIdReused,
            ShiftWorkerNotFound,
            WorkerInactive,
            ShiftOverlap,
        ),
    },
    summary="Add a shift at a gate (optionally with its workers)",
)
async def create_shift(
    body: ShiftCreate,
    response: Response,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    shift, created = await service.create_shift(session, principal, body)
    response.status_code = 201 if created else 200
    return shift


@router.post(
    "/fill-week",
    status_code=201,
    response_model=FillWeekResult,
    responses={
        200: {"model": FillWeekResult, "description": "Every shift existed already"},
        **problem_responses(
            CommunityNotFound, CommunityUnclear, ShiftGateNotFound, ShiftTemplateNotFound
        ),
    },
    summary="Make a week of shifts from the templates (again: nothing new)",
)
async def fill_week(
    body: FillWeek,
    response: Response,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    result, created = await templates.fill_week(session, principal, body)
    response.status_code = 201 if created else 200
    return result


@router.get(
    "/coverage",
    response_model=CoverageRead,
    responses=problem_responses(CommunityNotFound, CommunityUnclear, CoverageRangeInvalid),
    summary="Gaps at the gates and people over their weekly hours, for local days",
)
async def get_coverage(
    community_id: uuid.UUID | None = Query(None),
    first_day: date | None = Query(None, description="Local day; default today."),
    last_day: date | None = Query(None, description="Local day; default six days later."),
    max_weekly_hours: float = Query(48.0, gt=0, le=168),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await coverage.coverage_for(
        session, principal, community_id, first_day, last_day, max_weekly_hours
    )


@router.get(
    "/mine",
    response_model=list[MyShiftRead],
    summary="My shifts (through the roster entry linked to my account)",
)
async def my_shifts(
    start: datetime | None = Query(None, description="Default: now."),
    end: datetime | None = Query(None, description="Default: 14 days after start."),
    principal: Principal = Depends(require(Permission.shifts_own)),
    session: AsyncSession = Depends(get_session),
) -> object:
    since = _utc(start) or utc_now()
    until = _utc(end) or since + timedelta(days=14)
    return await attendance.my_shifts(session, principal, since, until)


@router.get(
    "/{shift_id}",
    response_model=ShiftRead,
    responses=problem_responses(ShiftNotFound),
    summary="One shift and who is on it",
)
async def get_shift(
    shift_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_shift(session, principal, shift_id)


@router.delete(
    "/{shift_id}",
    status_code=204,
    responses=problem_responses(ShiftNotFound, ShiftStarted),
    summary="Remove a shift nobody has checked in to",
)
async def delete_shift(
    shift_id: uuid.UUID,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> Response:
    await service.delete_shift(session, principal, shift_id)
    return Response(status_code=204)


@router.post(
    "/{shift_id}/assignments",
    status_code=201,
    response_model=ShiftRead,
    responses={
        200: {"model": ShiftRead, "description": "A retry: already done"},
        **problem_responses(
            ShiftNotFound,
            ShiftWorkerNotFound,
            WorkerInactive,
            AlreadyOnShift,
            ShiftOverlap,
            ShiftClientIdReused,
        ),
    },
    summary="Put a worker on a shift",
)
async def assign_worker(
    shift_id: uuid.UUID,
    body: ShiftAssignmentCreate,
    response: Response,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    shift, created = await service.assign_worker(session, principal, shift_id, body)
    response.status_code = 201 if created else 200
    return shift


@router.delete(
    "/{shift_id}/assignments/{worker_id}",
    response_model=ShiftRead,
    responses=problem_responses(ShiftNotFound, NotOnShift, ShiftStarted),
    summary="Take a worker off a shift (not after they checked in)",
)
async def unassign_worker(
    shift_id: uuid.UUID,
    worker_id: uuid.UUID,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.unassign_worker(session, principal, shift_id, worker_id)


_ATTENDANCE_PROBLEMS = (ShiftNotFound, NotOnShift, NoWorkerForAccount, OnlyYourself)


@router.post(
    "/{shift_id}/check-in",
    response_model=ShiftRead,
    responses=problem_responses(*_ATTENDANCE_PROBLEMS, CheckInOutsideShift),
    summary="Check in at the shift (yourself; staff for anyone)",
    description="Opens 30 minutes before the start. Checking in again keeps the first time.",
)
async def check_in(
    shift_id: uuid.UUID,
    body: CheckIn,
    principal: Principal = Depends(can_check_in),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await attendance.check_in(session, principal, shift_id, body, utc_now())


@router.post(
    "/{shift_id}/check-out",
    response_model=ShiftRead,
    responses=problem_responses(*_ATTENDANCE_PROBLEMS, NotCheckedIn),
    summary="Check out of the shift (yourself; staff for anyone)",
)
async def check_out(
    shift_id: uuid.UUID,
    body: CheckIn,
    principal: Principal = Depends(can_check_in),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await attendance.check_out(session, principal, shift_id, body, utc_now())
