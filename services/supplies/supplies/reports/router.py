"""The supplies figures for the daily report (日报) and the staff dashboard. The gateway composes
them with the registry's at `/api/v1/reports/daily` and `/api/v1/dashboard`; these routes are the
supplies half on their own. Both only read, and read the read replica when there is one
(shouhu_common.long_reads)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.long_reads import get_long_read_session
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses
from supplies.dependencies import get_zone
from supplies.household_directory.errors import CommunityNotFound
from supplies.reports import service
from supplies.reports.errors import CommunityUnclear, ReportDayInFuture
from supplies.reports.schemas import SuppliesDailyReport, SuppliesDashboard

router = APIRouter(tags=["reports"])


@router.get(
    "/daily",
    response_model=SuppliesDailyReport,
    responses=problem_responses(CommunityNotFound, ReportDayInFuture),
    summary="Supplies figures per community and day: orders delivered, stock given out",
)
async def get_daily_supplies_figures(
    day: date | None = Query(
        None, alias="date", description="Local day; default today (figures so far)."
    ),
    community_id: uuid.UUID | None = Query(None, description="Default: all of yours."),
    principal: Principal = Depends(require(Permission.reports_read)),
    session: AsyncSession = Depends(get_long_read_session),
    zone: ZoneInfo = Depends(get_zone),
) -> object:
    return await service.daily_report(
        session, principal, day, community_id, zone, datetime.now(UTC)
    )


@router.get(
    "/dashboard",
    response_model=SuppliesDashboard,
    responses=problem_responses(CommunityNotFound, CommunityUnclear),
    summary="One community today: deliveries so far, today's rounds, deliveries per hour",
)
async def get_supplies_dashboard(
    community_id: uuid.UUID | None = Query(None, description="Needed if you have several."),
    principal: Principal = Depends(require(Permission.dashboard_read)),
    session: AsyncSession = Depends(get_long_read_session),
    zone: ZoneInfo = Depends(get_zone),
) -> object:
    return await service.dashboard(session, principal, community_id, zone, datetime.now(UTC))
