"""Self-reports (自主上报) from the household card, and the staff's view of them."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import true
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.health.quarantines.errors import ClientIdReused
from registry.health.self_reports import service
from registry.health.self_reports.errors import (
    SelfReportHouseholdNotFound,
    SelfReportPersonNotFound,
)
from registry.health.self_reports.repository import SelfReportFilter
from registry.health.self_reports.schemas import (
    HouseholdSelfReports,
    SelfReportCreate,
    SelfReportPage,
    SelfReportRead,
)
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["quarantines"])
can_read = require(Permission.self_reports_read)


@router.post(
    "",
    response_model=SelfReportRead,
    status_code=201,
    responses={
        200: {"model": SelfReportRead, "description": "A retry: the first report, unchanged"},
        **problem_responses(SelfReportHouseholdNotFound, SelfReportPersonNotFound, ClientIdReused),
    },
    summary="Residents: report a member's temperature and symptoms, or an antigen self-test",
    description=(
        "For any member of the caller's own household (another person: 404). Temperatures "
        "outside 34–43 °C are refused (422); an antigen result needs its kit's lot number. At or "
        "above the community's fever threshold (37.3 °C by default), or with a positive antigen, "
        "the person is referred to the fever clinic as a follow-up would refer them. When the "
        "community's quarantine rule lets self-reports replace calls, a report for a person "
        "under quarantine stands for this morning's or evening's follow-up call."
    ),
)
async def record_self_report(
    body: SelfReportCreate,
    response: Response,
    principal: Principal = Depends(require(Permission.self_reports_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    result = await service.record_self_report(session, principal, body)
    response.status_code = 201 if result.created else 200
    return result.report


@router.get(
    "",
    response_model=SelfReportPage,
    summary="Self-reports, newest first",
    description="Staff see their area's (a grid worker their buildings'); a resident their own "
    "household's.",
)
async def list_self_reports(
    community_id: uuid.UUID | None = Query(None),
    household_id: uuid.UUID | None = Query(None),
    person_id: uuid.UUID | None = Query(None),
    local_date: date | None = Query(None, description="Day in the community's time zone."),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    flt = SelfReportFilter(true(), household_id, person_id, local_date)
    return await service.list_self_reports(session, principal, community_id, flt, page)


@router.get(
    "/households/{household_id}/today",
    response_model=HouseholdSelfReports,
    responses=problem_responses(SelfReportHouseholdNotFound),
    summary="A household's members and who has reported this morning / evening",
    description="For the household card. A resident reads only their own household.",
)
async def household_self_reports(
    household_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.household_self_reports(session, principal, household_id)
