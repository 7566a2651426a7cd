"""The staff dashboard, handled by the gateway itself (`dashboard` is one of its own segments)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from gateway.dashboard import service
from gateway.dashboard.schemas import Dashboard
from gateway.dependencies import require
from gateway.reports.errors import CommunityNotFound, CommunityUnclear
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import UpstreamTimeout, UpstreamUnavailable, problem_responses
from shouhu_common.responses import json_response

router = APIRouter(tags=["dashboard"])


@router.get(
    "",
    response_model=Dashboard,
    responses=problem_responses(
        CommunityNotFound, CommunityUnclear, UpstreamUnavailable, UpstreamTimeout
    ),
    summary="Staff dashboard: today's figures, open work, hourly chart, each with its list",
    description="One community, in its time zone: computed by the registry and supplies from "
    "their records, at most `GATEWAY_DASHBOARD_FRESH_S` (5 s) before `now` (a snapshot per "
    "community serves every screen meanwhile). If supplies cannot answer, its figures are null "
    "and `unavailable` says so.",
)
async def get_dashboard(
    request: Request,
    community_id: uuid.UUID | None = Query(None, description="Needed if you have several."),
    principal: Principal = Depends(require(Permission.dashboard_read)),
) -> Response:
    state = request.app.state
    body = await service.dashboard(
        state.registry,
        state.supplies,
        state.dashboard_snapshots,
        principal,
        community_id,
        request.state.request_id,
    )
    return json_response(body)
