"""Follow-ups (随访) of people under quarantine, and who has not been checked this period."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.health.follow_ups import service
from registry.health.follow_ups.errors import (
    FollowUpCommunityRequired,
    InvalidCheckTime,
    PersonNotInQuarantine,
    QuarantineNotActive,
)
from registry.health.follow_ups.models import FollowUpPeriod
from registry.health.follow_ups.repository import Area, FollowUpFilter
from registry.health.follow_ups.schemas import (
    DueFollowUpPage,
    FollowUpCreate,
    FollowUpPage,
    FollowUpRead,
)
from registry.health.quarantines.errors import ClientIdReused, QuarantineNotFound
from registry.residents.communities.errors import CommunityNotFound
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["quarantines"])
can_read = require(Permission.follow_ups_read)


@router.post(
    "",
    response_model=FollowUpRead,
    status_code=201,
    responses={
        200: {"model": FollowUpRead, "description": "A retry: the first check, unchanged"},
        **problem_responses(
            QuarantineNotFound,
            QuarantineNotActive,
            PersonNotInQuarantine,
            InvalidCheckTime,
            ClientIdReused,
        ),
    },
    summary="Record a temperature and symptom check",
    description=(
        "Temperatures outside 30–45 °C are refused (422). At or above the community's fever "
        "threshold (37.3 °C by default) the person is referred to the fever clinic."
    ),
)
async def record_follow_up(
    check: FollowUpCreate,
    response: Response,
    principal: Principal = Depends(require(Permission.follow_ups_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    result = await service.record_follow_up(session, principal, check)
    response.status_code = 201 if result.created else 200
    return result.follow_up


@router.get("", response_model=FollowUpPage, summary="Follow-ups, newest first")
async def list_follow_ups(
    community_id: uuid.UUID | None = Query(None),
    quarantine_id: uuid.UUID | None = Query(None),
    person_id: uuid.UUID | None = Query(None),
    local_date: date | None = Query(None, description="Day in the community's time zone."),
    period: FollowUpPeriod | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    flt = FollowUpFilter(Area(None, None), quarantine_id, person_id, local_date, period)
    return await service.list_follow_ups(session, principal, community_id, flt, page)


@router.get(
    "/due",
    response_model=DueFollowUpPage,
    responses=problem_responses(FollowUpCommunityRequired, CommunityNotFound),
    summary="Who has not been checked this morning / evening",
    description=(
        "People under active quarantine in the caller's area with no check in the period. "
        "Defaults: today and the current period (morning before 12:00, community time zone)."
    ),
)
async def list_due_follow_ups(
    community_id: uuid.UUID | None = Query(
        None, description="Required when the caller works in several communities."
    ),
    local_date: date | None = Query(None),
    period: FollowUpPeriod | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_due(session, principal, community_id, local_date, period, page)
