"""The registry's figures for the daily report (日报) and the staff dashboard. The gateway composes
them with the supplies figures at `/api/v1/reports/daily` and `/api/v1/dashboard`; these routes are
the registry's half, public too (a partner system of the sub-district may read them alone). Both
only read, and read the read replica when there is one (shouhu_common.long_reads)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from registry.oversight.reports import dashboard, service
from registry.oversight.reports.errors import ReportDayInFuture
from registry.oversight.reports.schemas import RegistryDailyReport, RegistryDashboard
from registry.residents.communities.errors import CommunityNotFound, CommunityUnclear
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.long_reads import get_long_read_session
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["reports"])


@router.get(
    "/daily",
    response_model=RegistryDailyReport,
    responses=problem_responses(CommunityNotFound, ReportDayInFuture),
    summary="The registry's daily figures per community (screening, quarantine, gates…)",
)
async def get_daily_figures(
    day: date | None = Query(
        None, alias="date", description="Community-local day; default today (figures so far)."
    ),
    community_id: uuid.UUID | None = Query(None, description="Default: all of yours."),
    principal: Principal = Depends(require(Permission.reports_read)),
    session: AsyncSession = Depends(get_long_read_session),
) -> object:
    return await service.daily_report(session, principal, day, community_id, datetime.now(UTC))


@router.get(
    "/dashboard",
    response_model=RegistryDashboard,
    responses=problem_responses(CommunityNotFound, CommunityUnclear),
    summary="One community today: figures so far, open work, hourly series",
)
async def get_dashboard_figures(
    community_id: uuid.UUID | None = Query(None, description="Needed if you have several."),
    principal: Principal = Depends(require(Permission.dashboard_read)),
    session: AsyncSession = Depends(get_long_read_session),
) -> object:
    return await dashboard.dashboard(session, principal, community_id, datetime.now(UTC))
