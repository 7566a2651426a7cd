"""Exports for the sub-district (街道): audited, masked unless revealed."""

from __future__ import annotations

import os
import tempfile
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.background import BackgroundTask

from registry.database import get_session
from registry.dependencies import get_cipher
from registry.residents.audit.disclosure import Disclosure, ReasonRequired, export_disclosure
from registry.residents.communities.errors import CommunityNotFound, CommunityUnclear
from registry.residents.exports import service
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.long_reads import get_long_read_session
from shouhu_common.permissions import Permission
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import Forbidden, problem_responses

router = APIRouter(tags=["exports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@router.get(
    "/households.xlsx",
    response_class=FileResponse,
    responses={
        200: {"content": {XLSX: {}}, "description": "The workbook (sheets 居民 and 户)."},
        **problem_responses(CommunityNotFound, CommunityUnclear, Forbidden, ReasonRequired),
    },
    summary="Export the community's households and people to XLSX",
    description=(
        "Every export is written to the audit log with `reason` (required). ID numbers and "
        "phones are masked; `reveal=true` (admin, staff) exports them in full."
    ),
)
async def export_households(
    request: Request,
    shown: Disclosure = Depends(export_disclosure),
    community_id: uuid.UUID | None = Query(None),
    principal: Principal = Depends(require(Permission.personal_data_export)),
    session: AsyncSession = Depends(get_session),
    reads: AsyncSession = Depends(get_long_read_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> FileResponse:
    handle, path = tempfile.mkstemp(prefix="shouhu-export-", suffix=".xlsx")
    os.close(handle)
    try:
        await service.export_households(
            session,
            reads,
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
    stamp = datetime.now(SHANGHAI).strftime("%Y%m%d-%H%M")
    return FileResponse(
        path,
        media_type=XLSX,
        filename=f"households-{stamp}{'-full' if shown.reveal else ''}.xlsx",
        background=BackgroundTask(os.unlink, path),
    )
