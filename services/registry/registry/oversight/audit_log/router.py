"""The audit log for administrators: who read whose full personal data, who exported what, who
changed which status. Reading it is not audited; exporting it is."""

from __future__ import annotations

import os
import tempfile
import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from pydantic import AwareDatetime
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.background import BackgroundTask

from registry.database import get_session
from registry.oversight.audit_log import service
from registry.oversight.audit_log.errors import InvalidPeriod
from registry.oversight.audit_log.schemas import AuditEventRead, AuditFilter
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["audit log"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def audit_filter(
    actor: str | None = Query(None, max_length=100, description="The account (its subject)."),
    action: str | None = Query(None, max_length=50, description="e.g. reveal_personal_data."),
    community_id: uuid.UUID | None = Query(None),
    household_id: uuid.UUID | None = Query(
        None, description="Events on the household and on any of its members."
    ),
    person_id: uuid.UUID | None = Query(None),
    since: AwareDatetime | None = Query(
        None, description="From this instant (ISO 8601 with its offset), inclusive."
    ),
    until: AwareDatetime | None = Query(None, description="Up to this instant, exclusive."),
) -> AuditFilter:
    return AuditFilter(actor, action, community_id, household_id, person_id, since, until)


@router.get(
    "",
    response_model=Page[AuditEventRead],
    responses=problem_responses(InvalidPeriod),
    summary="The audit log, newest first (administrators)",
)
async def list_audit_events(
    flt: AuditFilter = Depends(audit_filter),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(require(Permission.audit_log_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_events(session, flt, page)


@router.get(
    "/export.xlsx",
    response_class=FileResponse,
    responses={
        200: {"content": {XLSX: {}}, "description": "One sheet, 审计日志, oldest first."},
        **problem_responses(InvalidPeriod),
    },
    summary="Export the audit log to XLSX (the export is itself audited, with `reason`)",
)
async def export_audit_events(
    request: Request,
    reason: str = Query(
        min_length=2,
        max_length=200,
        description="Why, written to the audit log with the filters used. Required.",
    ),
    flt: AuditFilter = Depends(audit_filter),
    principal: Principal = Depends(require(Permission.audit_log_read)),
    session: AsyncSession = Depends(get_session),
) -> FileResponse:
    handle, path = tempfile.mkstemp(prefix="shouhu-audit-", suffix=".xlsx")
    os.close(handle)
    try:
        await service.export_events(
            session, principal, flt, reason.strip(), request.state.request_id, path
        )
    except BaseException:
        os.unlink(path)
        raise
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    return FileResponse(
        path,
        media_type=XLSX,
        filename=f"audit-log-{stamp}.xlsx",
        background=BackgroundTask(os.unlink, path),
    )
