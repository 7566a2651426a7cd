"""At the gate 卡口: verify a pass, verify and log a passage, upload offline logs, fetch the
offline bundle, register visitors. The first two are the hot path: no database read per request."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates import bundle, fever, service, sync, visitors
from registry.access.gates.errors import (
    CommunityNotFound,
    GateNotFound,
    HouseholdNotFound,
    NotYourGate,
    PassNotFound,
    PersonNotInHousehold,
)
from registry.access.gates.schemas import (
    BatchResult,
    GateCheck,
    GateMember,
    GateVerdict,
    PassageBatch,
    PassageRead,
    PassageRecord,
    VisitorCreate,
    VisitorRead,
)
from registry.database import get_session
from registry.dependencies import get_cipher
from registry.health.returnees.errors import InvalidReturnee, ReturneeClientIdReused
from shouhu_common.auth import require
from shouhu_common.etags import none_match
from shouhu_common.hot_routes import HotRoute
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import problem_responses
from shouhu_common.responses import json_response

router = APIRouter(tags=["gate"])
at_gate = require(Permission.gate_verify)
GATE_ERRORS = problem_responses(GateNotFound, NotYourGate)


@router.post(
    "/verify",
    response_model=GateVerdict,
    responses=GATE_ERRORS,
    summary="Verdict for a scanned QR or a typed pass number (a denial is logged)",
)
async def verify_pass(
    request: Request, body: GateCheck, principal: Principal = Depends(at_gate)
) -> Response:
    state = request.app.state
    verdict = await service.verify_pass(
        state.gate_states, state.gate_log_writer, principal, body, datetime.now(UTC)
    )
    return json_response(verdict)


@router.post(
    "/logs",
    response_model=PassageRead,
    responses=problem_responses(GateNotFound, NotYourGate, PersonNotInHousehold),
    summary="Verify and log one passage (temperature, mask, direction); once per client_id",
    description="Answered after the log is committed. A temperature outside 30–45 °C is an "
    "input error (422); at or above the community's threshold the passage is denied and "
    "opens a fever-clinic referral for the household (`referral_id`), naming the holder of a "
    "personal pass or the member given as `person_id`.",
)
async def record_passage(
    request: Request, body: PassageRecord, principal: Principal = Depends(at_gate)
) -> Response:
    state = request.app.state
    passage = await service.record_passage(
        state.gate_states,
        state.gate_log_writer,
        state.sessionmaker,
        principal,
        body,
        datetime.now(UTC),
    )
    return json_response(passage)


def hot_routes(prefix: str) -> list[HotRoute]:
    """The two routes above, dispatched without FastAPI's dependency solving
    (shouhu_common.hot_routes): every passage at every gate goes through them."""
    return [
        HotRoute("POST", prefix + "/verify", GateCheck, at_gate, verify_pass),
        HotRoute("POST", prefix + "/logs", PassageRecord, at_gate, record_passage),
    ]


@router.post(
    "/logs:batch",
    response_model=BatchResult,
    summary="Upload logs made offline: each stored once, re-checked, invalid ones reported",
)
async def upload_passages(
    request: Request, body: PassageBatch, principal: Principal = Depends(at_gate)
) -> object:
    state = request.app.state
    return await sync.upload_passages(
        state.gate_states,
        state.gate_log_writer.store,
        principal,
        body,
        datetime.now(UTC),
        state.sessionmaker,
    )


@router.get(
    "/bundle",
    responses={
        **problem_responses(CommunityNotFound),
        304: {"description": "Not Modified: the bundle named by `If-None-Match` is current"},
    },
    summary="What a gate phone needs offline (or the changes since `since`)",
    description="Keys, rules, revoked and suspended passes, quarantined households and this "
    "quota window's use. With `since=<version>`: only the passes changed after it.\n\n"
    "Every answer carries an `ETag` (weak: `generated_at` aside, two answers with the same tag "
    "are the same) and `Cache-Control: private, no-cache`. Send the tag of the bundle you hold "
    "as `If-None-Match`: while nothing in it has changed the answer is `304 Not Modified` with "
    "no body, and costs the service no database read; the gateway may give that 304 itself "
    "for up to a second after the service last confirmed the tag to a caller of the same "
    "community and role. A 304 leaves the stored bundle as it is, `generated_at` included.",
)
async def offline_bundle(
    request: Request,
    community_id: uuid.UUID = Query(...),
    since: int | None = Query(None, ge=0),
    if_none_match: str | None = Header(None, description="the ETag of the bundle held"),
    principal: Principal = Depends(at_gate),
) -> Response:
    states, now = request.app.state.gate_states, datetime.now(UTC)
    state = await bundle.community_state(states, principal, community_id)
    tag = bundle.etag(states, state, since, now)
    headers = {"ETag": tag, "Cache-Control": "private, no-cache"}
    if none_match(if_none_match, tag):
        return Response(status_code=304, headers=headers)
    async with request.app.state.sessionmaker() as session:
        response = json_response(await bundle.read_bundle(session, state, since, now))
    response.headers.update(headers)
    return response


@router.get(
    "/passes/{pass_id}/members",
    response_model=list[GateMember],
    responses=problem_responses(GateNotFound, NotYourGate, PassNotFound),
    summary="Members of a pass's household (masked names), to pick whose fever it is",
    description="For the fever screen: the volunteer picks the member and sends their "
    "`person_id` with the passage, so the referral names them. A personal pass lists its holder.",
)
async def pass_members(
    request: Request,
    pass_id: uuid.UUID,
    gate_id: uuid.UUID = Query(...),
    principal: Principal = Depends(at_gate),
    session: AsyncSession = Depends(get_session),
) -> object:
    state = await service.gate_state(request.app.state.gate_states, principal, gate_id)
    return await fever.members(session, state, pass_id)


@router.post(
    "/visitors",
    status_code=201,
    response_model=VisitorRead,
    responses=problem_responses(
        GateNotFound, NotYourGate, HouseholdNotFound, InvalidReturnee, ReturneeClientIdReused
    ),
    summary="Register a visitor, courier or returning resident at the gate (once per client_id)",
    description="A returning resident also goes into the returnee list (`/api/v1/returnees`, "
    "same client_id) for screening: `transport` is train, flight, car or bus (or 火车, 飞机, "
    "汽车, 大巴 …, optionally followed by the train or flight number), `arrival_date` defaults "
    "to today. A returnee with a fever opens a fever-clinic referral.",
)
async def register_visitor(
    request: Request,
    body: VisitorCreate,
    principal: Principal = Depends(at_gate),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await visitors.register_visitor(
        session, request.app.state.gate_states, cipher, principal, body, datetime.now(UTC)
    )
