"""Visitor self-registration: the public form's one write, the gate's pending list, and the
volunteer's confirmation that makes it an ordinary gate visitor.

The public form reaches the registry without a signed identity (the gateway lets only
`POST /api/v1/visitor-registrations` through so, limited per client IP); the poster's gate token
is its credential, and a gate takes at most `PER_GATE_WINDOW_LIMIT` registrations in a window.
A registration waits `PENDING_FOR`, then drops off the list; it never counts as a passage: only
the volunteer's confirmation, with the temperature taken at the gate, records a gate visitor
(gates/visitors.py, under the registration's id as client id, so a repeated confirmation answers
the same visitor)."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.errors import GateNotFound
from registry.access.gates.models import Gate, VisitorKind
from registry.access.gates.schemas import VisitorCreate, VisitorRead
from registry.access.gates.service import gate_state
from registry.access.gates.state import GateStates
from registry.access.gates.visitors import register_visitor
from registry.access.visitor_registrations import repository
from registry.access.visitor_registrations.errors import (
    GatePosterUnknown,
    RegistrationClientIdReused,
    RegistrationExpired,
    RegistrationNotFound,
)
from registry.access.visitor_registrations.models import (
    GatePosterToken,
    RegistrationStatus,
    VisitorRegistration,
)
from registry.access.visitor_registrations.schemas import (
    GatePosterRead,
    RegistrationConfirm,
    RegistrationCreate,
    RegistrationPage,
    RegistrationRead,
    RegistrationSubmitted,
)
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from shouhu_common.pii import PersonalDataCipher, mask_phone
from shouhu_common.problems import RateLimited

PENDING_FOR = timedelta(hours=2)
PER_GATE_WINDOW = timedelta(minutes=10)
PER_GATE_WINDOW_LIMIT = 60  # a busy gate sees a few visitors a minute, not one a second
FORM_PATH = "/visit"


def _read(r: VisitorRegistration, cipher: PersonalDataCipher) -> RegistrationRead:
    return RegistrationRead(
        id=r.id,
        gate_id=r.gate_id,
        name=r.name,
        phone=mask_phone(cipher.decrypt(r.phone_enc)),
        purpose=r.purpose,
        visiting=r.visiting,
        status=r.status,
        submitted_at=r.submitted_at,
        expires_at=r.expires_at,
        confirmed_at=r.confirmed_at,
        gate_visitor_id=r.gate_visitor_id,
    )


def _submitted(r: VisitorRegistration, gate: Gate) -> RegistrationSubmitted:
    return RegistrationSubmitted(
        id=r.id,
        client_id=r.client_id,
        gate_name=gate.name,
        status=r.status,
        expires_at=r.expires_at,
    )


def _replay(
    earlier: VisitorRegistration, gate: Gate, body: RegistrationCreate
) -> RegistrationSubmitted:
    if earlier.gate_id != gate.id or earlier.name != body.name:
        raise RegistrationClientIdReused(f"client_id {body.client_id} belongs to another record")
    return _submitted(earlier, gate)


async def submit(
    session: AsyncSession, cipher: PersonalDataCipher, body: RegistrationCreate, now: datetime
) -> tuple[RegistrationSubmitted, bool]:
    """Only through a live poster's token; once per client id (the retry answers the first)."""
    gate = await repository.gate_of_token(session, body.gate_token)
    if gate is None:
        raise GatePosterUnknown()
    earlier = await repository.get_by_client_id(session, gate.community_id, body.client_id)
    if earlier is not None:
        return _replay(earlier, gate, body), False
    recent = await repository.count_since(
        session, gate.community_id, gate.id, now - PER_GATE_WINDOW
    )
    if recent >= PER_GATE_WINDOW_LIMIT:
        raise RateLimited("this gate's form is busy: ask the volunteer", retry_after=60)
    registration = VisitorRegistration(
        client_id=body.client_id,
        community_id=gate.community_id,
        gate_id=gate.id,
        name=body.name,
        phone_enc=cipher.encrypt(body.phone),
        phone_hash=cipher.blind_index(body.phone),
        purpose=body.purpose,
        visiting=body.visiting,
        status=RegistrationStatus.pending,
        submitted_at=now,
        expires_at=now + PENDING_FOR,
    )
    session.add(registration)
    try:
        await session.commit()
    except IntegrityError:  # the same client id committed concurrently
        await session.rollback()
        earlier = await repository.get_by_client_id(session, gate.community_id, body.client_id)
        if earlier is None:
            raise
        return _replay(earlier, gate, body), False
    return _submitted(registration, gate), True


async def pending(
    session: AsyncSession,
    states: GateStates,
    cipher: PersonalDataCipher,
    principal: Principal,
    gate_id: uuid.UUID,
    now: datetime,
) -> RegistrationPage:
    """A volunteer sees only the gates they are posted to (gate_state)."""
    state = await gate_state(states, principal, gate_id)
    rows = await repository.pending_at_gate(session, state.community_id, gate_id, now)
    return RegistrationPage(items=[_read(r, cipher) for r in rows], total=len(rows))


async def confirm(
    session: AsyncSession,
    states: GateStates,
    cipher: PersonalDataCipher,
    principal: Principal,
    registration_id: uuid.UUID,
    body: RegistrationConfirm,
    now: datetime,
) -> VisitorRead:
    """The visitor stands at the gate with their temperature taken: recorded as a gate visitor
    (a fever shows as with any visitor). A second confirmation answers the same visitor."""
    registration = await session.get(VisitorRegistration, registration_id)
    if registration is None or not principal.in_community(registration.community_id):
        raise RegistrationNotFound()
    await gate_state(states, principal, registration.gate_id)
    if registration.status == RegistrationStatus.pending and registration.expires_at <= now:
        raise RegistrationExpired()
    visitor = VisitorCreate(
        client_id=registration.id,
        gate_id=registration.gate_id,
        kind=VisitorKind.visitor,
        name=registration.name,
        phone=cipher.decrypt(registration.phone_enc),
        purpose=registration.purpose,
        visiting=registration.visiting,
        temperature=body.temperature,
    )
    recorded = await register_visitor(session, states, cipher, principal, visitor, now)
    if registration.status != RegistrationStatus.confirmed:
        registration.status = RegistrationStatus.confirmed
        registration.confirmed_at = now
        registration.confirmed_by = principal.subject[:100]
        registration.gate_visitor_id = recorded.id
        await session.commit()
    return recorded


async def _visible_gate(session: AsyncSession, principal: Principal, gate_id: uuid.UUID) -> Gate:
    gate = await session.get(Gate, gate_id)
    if gate is None or not principal.in_community(gate.community_id):
        raise GateNotFound()
    return gate


def form_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{FORM_PATH}?gate={token}"


async def poster_token(
    session: AsyncSession, principal: Principal, gate_id: uuid.UUID, rotate: bool
) -> tuple[Gate, GatePosterToken]:
    """The gate's token, made on first use; `rotate` replaces it, and posters printed with the
    old one stop working at once."""
    gate = await _visible_gate(session, principal, gate_id)
    token = await repository.poster_token(session, gate.id)
    if token is None:
        token = GatePosterToken(gate_id=gate.id, community_id=gate.community_id)
        session.add(token)
    if rotate or not token.token:
        token.token = secrets.token_urlsafe(24)
        token.rotated_by = principal.subject[:100]
        token.rotated_at = utc_now()
    await session.commit()
    return gate, token


def poster_read(gate: Gate, token: GatePosterToken, base_url: str) -> GatePosterRead:
    return GatePosterRead(
        gate_id=gate.id, form_url=form_url(base_url, token.token), rotated_at=token.rotated_at
    )
