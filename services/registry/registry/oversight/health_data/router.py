"""Health data at the end of the emergency: the final export (`/api/v1/exports/health-data.xlsx`)
and the purge (`/api/v1/health-data-purges`), admin only, audited, irreversible."""

from __future__ import annotations

import os
import tempfile
import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.background import BackgroundTask

from registry.database import get_session
from registry.dependencies import get_cipher
from registry.oversight.health_data import export, service
from registry.oversight.health_data.errors import (
    CardsStillOut,
    ConfirmationMismatch,
    ExportNotFound,
    ExportOutdated,
    ExportTooOld,
    PurgeNotFound,
)
from registry.oversight.health_data.schemas import PurgeCreate, PurgePage, PurgeRead
from registry.residents.audit.disclosure import Disclosure, ReasonRequired, export_disclosure
from registry.residents.communities.errors import CommunityNotFound, CommunityUnclear
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import Forbidden, problem_responses

export_router = APIRouter(tags=["health data"])
router = APIRouter(tags=["health data"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_ID_HEADER = "X-Export-Id"


@export_router.get(
    "/health-data.xlsx",
    response_class=FileResponse,
    responses={
        200: {
            "content": {XLSX: {}},
            "description": "Sheets 排查, 返回人员, 隔离, 隔离调整, 随访, 转诊, 出入登记, 访客. "
            f"The `{EXPORT_ID_HEADER}` header is the export id a purge names.",
            "headers": {EXPORT_ID_HEADER: {"schema": {"type": "string", "format": "uuid"}}},
        },
        **problem_responses(CommunityNotFound, CommunityUnclear, Forbidden, ReasonRequired),
    },
    summary="Export the community's health data to XLSX (the final export before a purge)",
    description="Screenings, returnees, quarantines and their changes, follow-ups, referrals, "
    "gate logs and visitors. Written to the audit log with `reason`; phones masked unless "
    "`reveal=true` (admin, staff).",
)
async def export_health_data(
    request: Request,
    shown: Disclosure = Depends(export_disclosure),
    community_id: uuid.UUID | None = Query(None),
    principal: Principal = Depends(require(Permission.health_data_export)),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> FileResponse:
    handle, path = tempfile.mkstemp(prefix="shouhu-health-", suffix=".xlsx")
    os.close(handle)
    try:
        export_id = await export.export_health_data(
            session,
            cipher,
            principal,
            community_id=community_id,
            reveal=shown.reveal,
            reason=shown.reason,
            request_id=request.state.request_id,
            path=path,
        )
    except BaseException:
        os.unlink(path)
        raise
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    return FileResponse(
        path,
        media_type=XLSX,
        filename=f"health-data-{stamp}-{export_id}.xlsx",
        headers={EXPORT_ID_HEADER: str(export_id)},
        background=BackgroundTask(os.unlink, path),
    )


@router.post(
    "",
    status_code=201,
    response_model=PurgeRead,
    responses=problem_responses(
        CommunityNotFound,
        ConfirmationMismatch,
        ExportNotFound,
        ExportTooOld,
        ExportOutdated,
        CardsStillOut,
    ),
    summary="Purge a community's health data after its final export (irreversible)",
    description="Deletes the community's screenings, returnees, quarantines, follow-ups, "
    "referrals, gate logs, visitors and outing-quota use; households, people and passes stay. "
    "Quarantined households go back to normal (a `household.released` event each). Requires "
    "the community's name typed back and the id of a health-data export made in the last 24 "
    "hours, after the last health-data write. Medicine requests, runs and the custody log go "
    "too, and the purge is refused while a resident's card or record book is out. Audited. A "
    "second purge finds nothing.",
)
async def purge_health_data(
    request: Request,
    body: PurgeCreate,
    principal: Principal = Depends(require(Permission.health_data_purge)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.purge(
        session,
        request.app.state.gate_states,
        principal,
        body,
        request.state.request_id,
        datetime.now(UTC),
    )


@router.get("", response_model=PurgePage, summary="Purges made, newest first")
async def list_purges(
    community_id: uuid.UUID | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(require(Permission.health_data_purge)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_purges(session, principal, community_id, page)


@router.get(
    "/{purge_id}",
    response_model=PurgeRead,
    responses=problem_responses(PurgeNotFound),
    summary="One purge: who, when, the export it followed, rows deleted per table",
)
async def get_purge(
    purge_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.health_data_purge)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_purge(session, principal, purge_id)
