"""Gates as the office sees them: checkpoints and their volunteers, logs, live figures, the last
passage of a household, the visitor register."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates import outings, reports, visitors
from registry.access.gates.errors import (
    CommunityNotFound,
    GateNameTaken,
    GateNotFound,
    HouseholdNotFound,
)
from registry.access.gates.models import Verdict, VisitorKind
from registry.access.gates.repository import LogFilter
from registry.access.gates.schemas import (
    GateCreate,
    GateFigures,
    GateLogPage,
    GateRead,
    GateVolunteers,
    LastPassage,
    OutingStatus,
    VisitorPage,
)
from registry.database import get_session
from registry.dependencies import get_cipher
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["gate"])
can_manage = require(Permission.gates_manage)
can_read_logs = require(Permission.gate_logs_read)


def _utc(value: datetime | None) -> datetime | None:
    """A time without offset is taken as UTC."""
    if value is None:
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


@router.get("/gates", response_model=list[GateRead], summary="Checkpoints (a volunteer: theirs)")
async def list_gates(
    community_id: uuid.UUID | None = Query(None),
    principal: Principal = Depends(require(Permission.gates_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await reports.list_gates(session, principal, community_id)


@router.post(
    "/gates",
    status_code=201,
    response_model=GateRead,
    responses=problem_responses(CommunityNotFound, GateNameTaken),
    summary="Add a checkpoint",
)
async def create_gate(
    request: Request,
    body: GateCreate,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await reports.create_gate(session, request.app.state.gate_states, principal, body)


@router.put(
    "/gates/{gate_id}/volunteers",
    response_model=GateRead,
    responses=problem_responses(GateNotFound),
    summary="Post volunteers at a gate (replaces the list)",
)
async def set_volunteers(
    request: Request,
    gate_id: uuid.UUID,
    body: GateVolunteers,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await reports.set_volunteers(
        session, request.app.state.gate_states, principal, gate_id, body.subjects
    )


@router.get("/logs", response_model=GateLogPage, summary="Gate logs, newest first, filterable")
async def list_logs(
    community_id: uuid.UUID | None = Query(None),
    gate_id: uuid.UUID | None = Query(None),
    household_id: uuid.UUID | None = Query(None),
    verdict: Verdict | None = Query(None),
    flagged: bool | None = Query(None),
    fever: bool | None = Query(None),
    since: datetime | None = Query(None),
    until: datetime | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read_logs),
    session: AsyncSession = Depends(get_session),
) -> object:
    flt = LogFilter(
        [community_id] if community_id else None,
        gate_id,
        household_id,
        verdict,
        flagged,
        fever,
        _utc(since),
        _utc(until),
    )
    return await reports.list_logs(session, principal, flt, page)


@router.get(
    "/figures",
    response_model=GateFigures,
    responses=problem_responses(CommunityNotFound),
    summary="Live figures per gate and hour: passages out/in, denials by reason, fevers",
)
async def gate_figures(
    community_id: uuid.UUID = Query(...),
    day: date | None = Query(None, description="Community-local day; default today."),
    principal: Principal = Depends(require(Permission.gate_figures_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await reports.gate_figures(session, principal, community_id, day, datetime.now(UTC))


@router.get(
    "/households/{household_id}/last-passage",
    response_model=LastPassage,
    responses=problem_responses(HouseholdNotFound),
    summary="The last allowed passage of a household",
)
async def last_passage(
    household_id: uuid.UUID,
    principal: Principal = Depends(can_read_logs),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await reports.last_passage(session, principal, household_id)


@router.get(
    "/households/{household_id}/outing",
    response_model=OutingStatus,
    responses=problem_responses(HouseholdNotFound),
    summary="When a household may next go out: quarantine, curfew, outing quota",
    description="A resident reads their own household (the household card); staff the "
    "households in their scope. `next_allowed_at` is now when an exit would be allowed.",
)
async def outing_status(
    household_id: uuid.UUID,
    principal: Principal = Depends(
        require(Permission.households_read, Permission.own_household_read)
    ),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await outings.outing_status(session, principal, household_id, datetime.now(UTC))


@router.get("/visitors", response_model=VisitorPage, summary="Visitors, couriers and returnees")
async def list_visitors(
    community_id: uuid.UUID | None = Query(None),
    kind: VisitorKind | None = Query(None),
    gate_id: uuid.UUID | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read_logs),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await visitors.list_visitors(
        session, cipher, principal, community_id, kind.value if kind else None, gate_id, page
    )
