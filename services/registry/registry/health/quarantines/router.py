"""Quarantine orders (隔离): open, list, read, extend or shorten, release, print the door notice."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.health.quarantines import service
from registry.health.quarantines.errors import (
    AlreadyInQuarantine,
    ClientIdReused,
    InvalidQuarantineDates,
    NoticeFontMissing,
    NoticeOnlyForHomeQuarantine,
    QuarantineNotFound,
    QuarantineReleased,
    QuarantineSubjectNotFound,
    ReleaseReasonRequired,
)
from registry.health.quarantines.models import QuarantineKind, QuarantineStatus
from registry.health.quarantines.repository import QuarantineFilter
from registry.health.quarantines.schemas import (
    QuarantineCreate,
    QuarantineDetail,
    QuarantineEndChange,
    QuarantinePage,
    QuarantineRelease,
)
from registry.residents.audit.bulk_changes import HeldForApproval
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["quarantines"])
can_read = require(Permission.quarantines_read)
can_write = require(Permission.quarantines_write)


@router.post(
    "",
    response_model=QuarantineDetail,
    status_code=201,
    responses={
        200: {"model": QuarantineDetail, "description": "A retry: the first record, unchanged"},
        202: {
            "model": HeldForApproval,
            "description": "Held: this account passed its hourly threshold of households; a "
            "second account approves it at /api/v1/bulk-approvals",
        },
        **problem_responses(
            QuarantineSubjectNotFound, AlreadyInQuarantine, InvalidQuarantineDates, ClientIdReused
        ),
    },
    summary="Put a person or a whole household under quarantine",
    description=(
        "Home quarantine sets the household's status to `home_quarantine` and publishes "
        "`household.quarantined`. The planned end defaults to the community's quarantine days. "
        "`reason_code` is required; the reason is shown on the household's card, which offers "
        "an appeal (申诉)."
    ),
)
async def start_quarantine(
    order: QuarantineCreate,
    response: Response,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> object:
    result = await service.start_quarantine(session, principal, order)
    if result.pending_approval_id is not None:
        held = HeldForApproval(pending_approval_id=result.pending_approval_id)
        return JSONResponse(held.model_dump(mode="json"), status_code=202)
    response.status_code = 201 if result.created else 200
    return result.quarantine


@router.get("", response_model=QuarantinePage, summary="Quarantines, paginated and filterable")
async def list_quarantines(
    community_id: uuid.UUID | None = Query(None),
    status: QuarantineStatus | None = Query(None),
    kind: QuarantineKind | None = Query(None),
    household_id: uuid.UUID | None = Query(None),
    person_id: uuid.UUID | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    flt = QuarantineFilter(
        community_ids=[community_id] if community_id else None,
        status=status,
        kind=kind,
        household_id=household_id,
        person_id=person_id,
    )
    return await service.list_quarantines(session, principal, flt, page)


@router.get(
    "/{quarantine_id}",
    response_model=QuarantineDetail,
    responses=problem_responses(QuarantineNotFound),
    summary="One quarantine, who it covers, and its end-date history",
)
async def get_quarantine(
    quarantine_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_quarantine(session, principal, quarantine_id)


@router.post(
    "/{quarantine_id}/end-date-changes",
    response_model=QuarantineDetail,
    responses=problem_responses(QuarantineNotFound, QuarantineReleased, InvalidQuarantineDates),
    summary="Extend or shorten a quarantine, with a reason (history kept)",
)
async def change_quarantine_end(
    quarantine_id: uuid.UUID,
    change: QuarantineEndChange,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.change_end_date(session, principal, quarantine_id, change)


@router.post(
    "/{quarantine_id}/release",
    response_model=QuarantineDetail,
    responses=problem_responses(QuarantineNotFound, QuarantineReleased, ReleaseReasonRequired),
    summary="Release a quarantine (the household returns to normal with its last one)",
    description="Before the planned end, `reason_code` is required (an early release).",
)
async def release_quarantine(
    quarantine_id: uuid.UUID,
    release: QuarantineRelease,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.release_quarantine(session, principal, quarantine_id, release)


@router.get(
    "/{quarantine_id}/notice.pdf",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "One A4 page, Chinese"},
        **problem_responses(
            QuarantineNotFound,
            NoticeOnlyForHomeQuarantine,
            QuarantineReleased,
            NoticeFontMissing,
        ),
    },
    summary="The printable home-quarantine notice for the door (PDF)",
)
async def get_quarantine_notice(
    quarantine_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> Response:
    pdf = await service.notice_pdf(session, principal, quarantine_id)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="notice-{quarantine_id}.pdf"'},
    )
