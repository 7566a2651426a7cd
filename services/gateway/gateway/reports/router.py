"""The daily report (日报) for the sub-district: JSON for screens, XLSX in its own layout.
Handled by the gateway itself (`reports` is one of its own segments, never forwarded)."""

from __future__ import annotations

import uuid
from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from gateway.dependencies import require
from gateway.reports import service
from gateway.reports.errors import CommunityNotFound, ReportDayInFuture
from gateway.reports.schemas import DailyReport
from gateway.reports.workbook import XLSX, daily_workbook
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import UpstreamTimeout, UpstreamUnavailable, problem_responses

router = APIRouter(tags=["reports"])
PROBLEMS = problem_responses(
    CommunityNotFound, ReportDayInFuture, UpstreamUnavailable, UpstreamTimeout
)
DAY = Query(
    None,
    alias="date",
    description="The community-local day (YYYY-MM-DD); default today, with the figures so far. "
    "A day in the future is refused (422).",
)
COMMUNITY = Query(None, description="One community; default all of yours.")


async def _report(
    request: Request, principal: Principal, day: date | None, community_id: uuid.UUID | None
) -> DailyReport:
    state = request.app.state
    return await service.daily_report(
        state.registry, state.supplies, principal, day, community_id, request.state.request_id
    )


@router.get(
    "/daily",
    response_model=DailyReport,
    responses=PROBLEMS,
    summary="Daily report (日报): per community and day, and the totals",
    description="Registry figures (screening, returnees, quarantine, referrals, gates) and "
    "supplies figures (orders, stock given out), each computed by its service from its records. "
    "An officer gets every community of their sub-district; staff their own.",
)
async def get_daily_report(
    request: Request,
    day: date | None = DAY,
    community_id: uuid.UUID | None = COMMUNITY,
    principal: Principal = Depends(require(Permission.reports_read)),
) -> DailyReport:
    return await _report(request, principal, day, community_id)


@router.get(
    "/daily.xlsx",
    response_class=Response,
    responses={
        200: {"content": {XLSX: {}}, "description": "One row per community, then 合计."},
        **PROBLEMS,
    },
    summary="Daily report (日报) as XLSX in the sub-district's layout",
)
async def export_daily_report(
    request: Request,
    day: date | None = DAY,
    community_id: uuid.UUID | None = COMMUNITY,
    principal: Principal = Depends(require(Permission.reports_read)),
) -> Response:
    report = await _report(request, principal, day, community_id)
    name = f"日报-{report.date.isoformat()}.xlsx"
    disposition = (
        f'attachment; filename="daily-report-{report.date.isoformat()}.xlsx"; '
        f"filename*=UTF-8''{quote(name)}"
    )
    return Response(
        daily_workbook(report), media_type=XLSX, headers={"Content-Disposition": disposition}
    )
