"""Visitor self-registration 访客自助登记: the public form's one write (no sign-in: the poster's
gate token is the credential), the gate's pending list and its one-tap confirmation, and the
gate's poster with its token."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.errors import GateNotFound, NotYourGate
from registry.access.gates.schemas import VisitorRead
from registry.access.visitor_registrations import poster, service
from registry.access.visitor_registrations.errors import (
    GatePosterUnknown,
    PosterFontMissing,
    RegistrationClientIdReused,
    RegistrationExpired,
    RegistrationNotFound,
)
from registry.access.visitor_registrations.schemas import (
    GatePosterRead,
    RegistrationConfirm,
    RegistrationCreate,
    RegistrationPage,
    RegistrationSubmitted,
)
from registry.database import get_session
from registry.dependencies import get_cipher
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import RateLimited, problem_responses

router = APIRouter(tags=["gates"])
at_gate = require(Permission.gate_verify)
can_manage = require(Permission.gates_manage)
# The one path served without a signed identity (registry.main's open paths); nothing else
# lives at it.
PUBLIC_FORM_PATH = "/api/v1/visitor-registrations"


async def public_base_url(request: Request) -> str:
    url: str = request.app.state.settings.public_base_url
    return url


@router.post(
    "",
    status_code=201,
    response_model=RegistrationSubmitted,
    responses={
        200: {"model": RegistrationSubmitted, "description": "A retry: the first registration"},
        **problem_responses(GatePosterUnknown, RegistrationClientIdReused, RateLimited),
    },
    summary="Public: a visitor registers themselves from the gate's poster (no sign-in)",
    description="The QR code on the gate's poster opens the PWA's form with the gate's token. The "
    "registration is pending until the gate volunteer confirms it with the temperature taken "
    "at the gate; it expires after 2 hours. Limited per client IP (gateway) and per gate. The "
    "answer names only the gate.",
)
async def submit_registration(
    body: RegistrationCreate,
    response: Response,
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    submitted, created = await service.submit(session, cipher, body, datetime.now(UTC))
    response.status_code = 201 if created else 200
    return submitted


@router.get(
    "/pending",
    response_model=RegistrationPage,
    responses=problem_responses(GateNotFound, NotYourGate),
    summary="A gate's pending self-registrations, newest first (phones masked)",
    description="A volunteer reads only the gates they are posted to. Expired ones drop off.",
)
async def list_pending(
    request: Request,
    gate_id: uuid.UUID = Query(...),
    principal: Principal = Depends(at_gate),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    states = request.app.state.gate_states
    return await service.pending(session, states, cipher, principal, gate_id, datetime.now(UTC))


@router.post(
    "/{registration_id}/confirm",
    response_model=VisitorRead,
    responses=problem_responses(
        RegistrationNotFound, RegistrationExpired, GateNotFound, NotYourGate
    ),
    summary="Confirm a self-registration at the gate: it becomes a gate visitor",
    description="With the temperature taken at the gate. A repeated confirmation answers the "
    "same visitor (`duplicate: true`).",
)
async def confirm_registration(
    request: Request,
    registration_id: uuid.UUID,
    body: RegistrationConfirm,
    principal: Principal = Depends(at_gate),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    states = request.app.state.gate_states
    return await service.confirm(
        session, states, cipher, principal, registration_id, body, datetime.now(UTC)
    )


@router.post(
    "/gates/{gate_id}/token",
    response_model=GatePosterRead,
    responses=problem_responses(GateNotFound),
    summary="Replace a gate's poster token: posters printed before stop working",
)
async def rotate_poster_token(
    gate_id: uuid.UUID,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
    base_url: str = Depends(public_base_url),
) -> object:
    gate, token = await service.poster_token(session, principal, gate_id, rotate=True)
    return service.poster_read(gate, token, base_url)


@router.get(
    "/gates/{gate_id}/poster.pdf",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "An A4 poster for the gate"},
        **problem_responses(GateNotFound, PosterFontMissing),
    },
    summary="The gate's visitor self-registration poster (PDF, QR of the public form)",
    description="Made with the gate's current token (one is made on first use).",
)
async def gate_poster(
    gate_id: uuid.UUID,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
    base_url: str = Depends(public_base_url),
) -> Response:
    pdf = await poster.gate_poster(session, principal, gate_id, base_url)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="gate-{gate_id}-poster.pdf"'},
    )
