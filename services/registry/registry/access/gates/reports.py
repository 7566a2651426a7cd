"""Checkpoints and what staff read about them: gates and their volunteers, gate logs, live figures
per gate and hour, and the last passage of a household."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates import repository
from registry.access.gates.errors import (
    CommunityNotFound,
    GateNameTaken,
    GateNotFound,
    HouseholdNotFound,
)
from registry.access.gates.models import Gate
from registry.access.gates.repository import LogFilter
from registry.access.gates.schemas import (
    GateCreate,
    GateFigures,
    GateLogRead,
    GateRead,
    HourFigures,
    LastPassage,
)
from registry.access.gates.state import GateStates
from registry.access.gates.state_repository import addresses
from registry.access.passes.versions import bump_state_version
from registry.residents.communities.models import Community
from registry.residents.households.models import Household
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams


def _scope(principal: Principal) -> list[uuid.UUID] | None:
    return None if principal.role == Role.admin else list(principal.community_ids)


async def _community(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID
) -> Community:
    community = await session.get(Community, community_id)
    if community is None or not principal.in_community(community_id):
        raise CommunityNotFound()
    return community


async def list_gates(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> list[GateRead]:
    """A volunteer sees the gates they are posted to; staff their communities' gates."""
    scope = _scope(principal)
    if community_id is not None:
        scope = [community_id] if scope is None or community_id in scope else []
    gates = await repository.gates_of(session, scope)
    volunteers = await repository.volunteers_of(session, [g.id for g in gates])
    reads = [
        GateRead(id=g.id, community_id=g.community_id, name=g.name, volunteers=volunteers[g.id])
        for g in gates
    ]
    posted = any(principal.subject in g.volunteers for g in reads)
    # the phone opens its gate with this call: the moment to learn the volunteer's username
    if posted and principal.username:
        if await repository.learn_username(session, principal.subject, principal.username):
            await session.commit()
    if principal.role == Role.gate_volunteer:
        reads = [g for g in reads if principal.subject in g.volunteers]
        for g in reads:
            g.volunteers = [principal.subject]
    return reads


async def create_gate(
    session: AsyncSession, states: GateStates, principal: Principal, body: GateCreate
) -> GateRead:
    await _community(session, principal, body.community_id)
    if await repository.gate_by_name(session, body.community_id, body.name):
        raise GateNameTaken()
    gate = Gate(community_id=body.community_id, name=body.name)
    session.add(gate)
    await bump_state_version(session, body.community_id)
    await session.commit()
    await states.refresh_community(body.community_id)
    return GateRead(id=gate.id, community_id=gate.community_id, name=gate.name, volunteers=[])


async def set_volunteers(
    session: AsyncSession,
    states: GateStates,
    principal: Principal,
    gate_id: uuid.UUID,
    subjects: list[str],
) -> GateRead:
    gate = await session.get(Gate, gate_id)
    if gate is None or not principal.in_community(gate.community_id):
        raise GateNotFound()
    await repository.replace_volunteers(session, gate_id, subjects)
    await bump_state_version(session, gate.community_id)
    await session.commit()
    await states.refresh_community(gate.community_id)
    return GateRead(
        id=gate.id, community_id=gate.community_id, name=gate.name, volunteers=sorted(set(subjects))
    )


async def list_logs(
    session: AsyncSession, principal: Principal, flt: LogFilter, page: PageParams
) -> Page[GateLogRead]:
    scope = _scope(principal)
    if scope is not None:
        wanted = flt.community_ids if flt.community_ids is not None else scope
        flt = replace(flt, community_ids=[c for c in wanted if c in scope])
    total, logs = await repository.list_logs(session, flt, page.limit, page.offset)
    return Page(
        items=[GateLogRead.model_validate(g) for g in logs],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


async def last_passage(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID
) -> LastPassage:
    household = await session.get(Household, household_id)
    if household is None or not principal.in_community(household.community_id):
        raise HouseholdNotFound()
    log = await repository.last_allowed_passage(session, household_id)
    gate = await session.get(Gate, log.gate_id) if log else None
    address = (await addresses(session, household.community_id, [household_id])).get(
        household_id, ""
    )
    return LastPassage(
        household_id=household_id,
        address=address,
        last=GateLogRead.model_validate(log) if log else None,
        gate_name=gate.name if gate else None,
    )


async def gate_figures(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID,
    day: date | None,
    now: datetime,
) -> GateFigures:
    """Per gate and hour of the community's day: passages out and in, denials by reason, fever
    referrals. Computed from the logs on each call (a day is thousands of rows, not millions)."""
    community = await _community(session, principal, community_id)
    zone = ZoneInfo(community.timezone)
    day = day or now.astimezone(zone).date()
    start = datetime.combine(day, time(0), zone)
    end = start + timedelta(days=1)
    names = {g.id: g.name for g in await repository.gates_of(session, [community_id])}
    buckets: dict[tuple[uuid.UUID, datetime], Counter[str]] = {}
    totals: Counter[str] = Counter()
    for gate_id, occurred_at, direction, verdict, reason, fever in await repository.day_logs(
        session, community_id, start, end
    ):
        hour = occurred_at.astimezone(zone).replace(minute=0, second=0, microsecond=0)
        counts = buckets.setdefault((gate_id, hour), Counter())
        if verdict == "allow":
            key = "passages_out" if direction == "out" else "passages_in"
        else:
            key = "denied"
            counts[f"reason:{reason or 'unknown'}"] += 1
        counts[key] += 1
        totals[key] += 1
        if fever:
            counts["fever_referrals"] += 1
            totals["fever_referrals"] += 1
    hours = [
        HourFigures(
            gate_id=gate_id,
            gate_name=names.get(gate_id, ""),
            hour=hour,
            passages_out=c["passages_out"],
            passages_in=c["passages_in"],
            denied=c["denied"],
            denied_by_reason={k[7:]: v for k, v in c.items() if k.startswith("reason:")},
            fever_referrals=c["fever_referrals"],
        )
        for (gate_id, hour), c in sorted(
            buckets.items(), key=lambda kv: (kv[0][1], names.get(kv[0][0], ""))
        )
    ]
    for key in ("passages_out", "passages_in", "denied", "fever_referrals"):
        totals.setdefault(key, 0)
    return GateFigures(community_id=community_id, day=day, hours=hours, totals=dict(totals))
