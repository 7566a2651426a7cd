"""Access passes 出入证: issue, read, QR, print per building, revoke, suspend, resume, reissue;
the communities' public keys and key rotation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.passes import cards, key_service, service
from registry.access.passes.errors import (
    BuildingNotFound,
    CjkFontMissing,
    CommunityNotFound,
    HouseholdNotFound,
    InvalidValidity,
    PassAlreadyIssued,
    PassNotFound,
    PassNotSuspended,
    PassReasonRequired,
    PassRevoked,
    PersonNotInHousehold,
)
from registry.access.passes.models import PassStatus
from registry.access.passes.repository import PassFilter
from registry.access.passes.schemas import (
    BuildingPassesIssued,
    BuildingPassIssue,
    KeyRotation,
    PassChange,
    PassIssue,
    PassPage,
    PassRead,
    PrintLayout,
    PublicKeyRead,
)
from registry.database import get_session
from registry.printing import qr_svg
from registry.residents.audit.bulk_changes import HeldForApproval
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["passes"])
can_read = require(Permission.passes_read, Permission.own_household_read)
can_write = require(Permission.passes_write)


def _now() -> datetime:
    return datetime.now(UTC)


@router.get("", response_model=PassPage, summary="Passes, filterable (a resident: their own)")
async def list_passes(
    community_id: uuid.UUID | None = Query(None),
    household_id: uuid.UUID | None = Query(None),
    building_id: uuid.UUID | None = Query(None),
    status: PassStatus | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    flt = PassFilter([community_id] if community_id else None, household_id, building_id, status)
    return await service.list_passes(session, principal, flt, page, _now())


@router.post(
    "",
    status_code=201,
    response_model=PassRead,
    responses=problem_responses(
        HouseholdNotFound, PersonNotInHousehold, InvalidValidity, PassAlreadyIssued
    ),
    summary="Issue a pass to a household (or one of its members)",
)
async def issue_pass(
    request: Request,
    body: PassIssue,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> object:
    state = request.app.state
    return await service.issue_pass(
        session, state.pass_signer, state.gate_states, principal, body, _now()
    )


@router.post(
    "/building-issues",
    status_code=201,
    response_model=BuildingPassesIssued,
    responses=problem_responses(BuildingNotFound, InvalidValidity),
    summary="Issue household passes to every household of a building that has none",
)
async def issue_building_passes(
    request: Request,
    body: BuildingPassIssue,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> object:
    state = request.app.state
    return await cards.issue_building_passes(
        session, state.pass_signer, state.gate_states, principal, body, _now()
    )


@router.get(
    "/cards.pdf",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "Printable cards"},
        **problem_responses(BuildingNotFound, CjkFontMissing),
    },
    summary="Printable cards of a building's valid passes (8 per A4, or A6)",
)
async def print_cards(
    building_id: uuid.UUID = Query(...),
    layout: PrintLayout = Query(PrintLayout.a4),
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> Response:
    pdf = await cards.print_building_cards(session, principal, building_id, layout, _now())
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="passes-{building_id}.pdf"'},
    )


@router.get(
    "/keys",
    response_model=list[PublicKeyRead],
    responses=problem_responses(CommunityNotFound),
    summary="Public keys that verify pass tokens offline (current and not yet expired ones)",
)
async def list_public_keys(
    community_id: uuid.UUID | None = Query(None),
    principal: Principal = Depends(require(Permission.pass_keys_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await key_service.list_public_keys(session, principal, community_id, _now())


@router.post(
    "/keys/rotate",
    status_code=201,
    response_model=PublicKeyRead,
    responses=problem_responses(CommunityNotFound),
    summary="Rotate a community's signing key; passes already issued keep verifying",
)
async def rotate_key(
    request: Request,
    body: KeyRotation,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> object:
    state = request.app.state
    return await key_service.rotate_key(
        session, state.pass_signer, state.gate_states, principal, body.community_id, _now()
    )


@router.get(
    "/{pass_id}",
    response_model=PassRead,
    responses=problem_responses(PassNotFound),
    summary="One pass",
)
async def get_pass(
    pass_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_pass(session, principal, pass_id, _now())


@router.get(
    "/{pass_id}/qr.svg",
    response_class=Response,
    responses={
        200: {"content": {"image/svg+xml": {}}, "description": "The pass QR code"},
        **problem_responses(PassNotFound),
    },
    summary="The pass's QR code as SVG",
)
async def get_pass_qr(
    pass_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> Response:
    read = await service.get_pass(session, principal, pass_id, _now())
    return Response(
        qr_svg(read.token),
        media_type="image/svg+xml",
        headers={"cache-control": "private, max-age=86400"},
    )


def _status_route(path: str, status: PassStatus, summary: str) -> None:
    @router.post(
        path,
        response_model=PassRead,
        responses={
            202: {
                "model": HeldForApproval,
                "description": "Held for a second approval (suspend and revoke beyond the "
                "account's hourly threshold of households)",
            },
            **problem_responses(PassNotFound, PassRevoked, PassNotSuspended, PassReasonRequired),
        },
        summary=summary,
        description="Suspending and revoking need `reason_code`; the reason is shown on the "
        "household's card, which offers an appeal (申诉).",
        name=f"{status.value}_pass" if status != PassStatus.active else "resume_pass",
    )
    async def change(
        request: Request,
        pass_id: uuid.UUID,
        body: PassChange,
        principal: Principal = Depends(can_write),
        session: AsyncSession = Depends(get_session),
    ) -> object:
        result = await service.change_status(
            session, request.app.state.gate_states, principal, pass_id, status, body, _now()
        )
        if isinstance(result, HeldForApproval):
            return JSONResponse(result.model_dump(mode="json"), status_code=202)
        return result


_status_route("/{pass_id}/revoke", PassStatus.revoked, "Revoke a pass (final)")
_status_route("/{pass_id}/suspend", PassStatus.suspended, "Suspend a pass")
_status_route("/{pass_id}/resume", PassStatus.active, "Resume a suspended pass")


@router.post(
    "/{pass_id}/reissue",
    status_code=201,
    response_model=PassRead,
    responses=problem_responses(PassNotFound, PassRevoked),
    summary="Reissue: a new pass and QR; the old QR is dead",
)
async def reissue_pass(
    request: Request,
    pass_id: uuid.UUID,
    body: PassChange,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> object:
    state = request.app.state
    return await service.reissue_pass(
        session, state.pass_signer, state.gate_states, principal, pass_id, body.reason, _now()
    )
