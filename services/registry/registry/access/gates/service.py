"""At the gate: verify a pass, then verify and log a passage. Everything a verdict needs is in
memory (state.py); the log is written by group commit (writer.py) and answered after its commit."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry.access.gates import repository
from registry.access.gates.errors import GateNotFound, NotYourGate
from registry.access.gates.fever import check_member, referral_of_log, referral_values
from registry.access.gates.models import Direction, Verdict
from registry.access.gates.schemas import GateCheck, GateVerdict, PassageRead, PassageRecord
from registry.access.gates.state import CommunityState, GateStates, PassEntry
from registry.access.gates.verdicts import Judgement, Reason, effective_status, judge, quota_denial
from registry.access.gates.writer import GateLogWriter, LogRow
from registry.access.passes.numbers import well_formed
from shouhu_common.identity import Principal, Role


async def gate_state(
    states: GateStates, principal: Principal, gate_id: uuid.UUID
) -> CommunityState:
    """The gate's community state. Another community's gate is 404; a volunteer may only work at
    the gates they are posted to."""
    community_id = await states.community_of_gate(gate_id)
    if community_id is None or not principal.in_community(community_id):
        raise GateNotFound()
    state = await states.community(community_id)
    volunteers = state.gates.get(gate_id) if state else None
    if state is None or volunteers is None:
        raise GateNotFound()
    if principal.role == Role.gate_volunteer and principal.subject not in volunteers:
        raise NotYourGate()
    return state


async def _entry_by_id(
    states: GateStates, state: CommunityState, pass_id: uuid.UUID
) -> PassEntry | None:
    entry = state.passes.get(pass_id)
    if entry is None:  # issued through another replica since our last poll?
        await states.refresh_community(state.community_id)
        entry = state.passes.get(pass_id)
    return entry


async def resolve_pass(
    states: GateStates, state: CommunityState, check: GateCheck
) -> tuple[PassEntry | None, Judgement | None]:
    """The pass a scan or a typed number designates, or the denial that it designates none of
    ours (forged, another community's, unknown, superseded)."""
    if check.token is not None:
        signed = await states.signed_claims(check.token)
        if signed is None:
            return None, Judgement.deny(Reason.forged)
        claims, key = signed
        if key.community_id != state.community_id:
            return None, Judgement.deny(Reason.wrong_community)
        entry = await _entry_by_id(states, state, claims.pass_id)
        if entry is None or entry.household_id != claims.household_id:
            return None, Judgement.deny(Reason.forged)
        if entry.pass_version != claims.pass_version:
            return entry, Judgement.deny(Reason.revoked, entry)
        return entry, None
    number = check.pass_number or ""
    if not well_formed(number):
        return None, Judgement.deny(Reason.not_found, message="出入证号有误（校验位不符），请核对")
    entry = state.by_number.get(number)
    if entry is None:
        await states.refresh_community(state.community_id)
        entry = state.by_number.get(number)
    if entry is None:
        elsewhere = await states.community_of_number(number)
        return None, Judgement.deny(Reason.wrong_community if elsewhere else Reason.not_found)
    return entry, None


async def judge_check(
    states: GateStates,
    state: CommunityState,
    check: GateCheck,
    at: datetime,
    temperature: float | None = None,
    mask: bool | None = None,
    client_id: uuid.UUID | None = None,
) -> Judgement:
    entry, denial = await resolve_pass(states, state, check)
    if denial is not None:
        denial.fever = temperature is not None and temperature >= state.rule.fever_threshold
        return denial
    assert entry is not None
    return judge(
        state,
        entry,
        direction=check.direction,
        at=at,
        temperature=temperature,
        mask=mask,
        client_id=client_id,
    )


def verdict_fields(state: CommunityState, j: Judgement, at: datetime) -> dict[str, Any]:
    entry = j.entry
    return {
        "verdict": j.verdict,
        "reason": j.reason.value if j.reason else None,
        "message": j.message,
        "pass_id": entry.id if entry else None,
        "pass_number": entry.number if entry else None,
        "pass_status": effective_status(state, entry, at) if entry else None,
        "household_id": entry.household_id if entry else None,
        "address": state.addresses.get(entry.household_id) if entry else None,
        "valid_until": entry.valid_until if entry else None,
        "next_allowed_at": j.next_allowed_at,
        "fever": j.fever,
    }


def reserve_quota(
    state: CommunityState, j: Judgement, client_id: uuid.UUID, at: datetime
) -> dict[str, Any] | None:
    """Counts an allowed exit against the quota now (so concurrent scans see it), and returns the
    slot row that makes it stick across replicas."""
    if j.verdict != Verdict.allow or j.quota_key is None:
        return None
    holders = state.quota.setdefault(j.quota_key, {})
    seq = holders.get(client_id) or max(holders.values(), default=0) + 1
    holders[client_id] = seq
    return {
        "subject_id": j.quota_key[0],
        "window_index": j.quota_key[1],
        "seq": seq,
        "community_id": state.community_id,
        "gate_log_client_id": client_id,
        "used_at": at,
    }


def release_quota(state: CommunityState, j: Judgement, client_id: uuid.UUID) -> None:
    """The write failed: the exit did not happen."""
    if j.quota_key is not None:
        state.quota.get(j.quota_key, {}).pop(client_id, None)


def mark_quota_full(
    state: CommunityState, key: tuple[uuid.UUID, int], client_id: uuid.UUID
) -> None:
    """Another replica took the slot first: the cache learns the window is full."""
    holders = state.quota.setdefault(key, {})
    holders.pop(client_id, None)
    seq = 0
    while len(holders) < state.rule.quota_exits:
        seq += 1
        holders.setdefault(uuid.UUID(int=seq), seq)


def quota_lost(state: CommunityState, j: Judgement, client_id: uuid.UUID) -> Judgement:
    assert j.quota_key is not None
    mark_quota_full(state, j.quota_key, client_id)
    denial = quota_denial(state, j.entry, j.quota_key[1])
    denial.fever = j.fever
    return denial


def log_values(
    state: CommunityState,
    principal: Principal,
    check: GateCheck,
    j: Judgement,
    *,
    client_id: uuid.UUID,
    occurred_at: datetime,
    received_at: datetime,
    temperature: float | None = None,
    mask: bool | None = None,
    note: str = "",
) -> dict[str, Any]:
    entry = j.entry
    return {
        "id": uuid.uuid4(),
        "client_id": client_id,
        "community_id": state.community_id,
        "gate_id": check.gate_id,
        "pass_id": entry.id if entry else None,
        "household_id": entry.household_id if entry else None,
        "direction": check.direction.value,
        "temperature": temperature,
        "mask": mask,
        "note": note,
        "verdict": j.verdict.value,
        "reason": j.reason.value if j.reason else None,
        "fever": j.fever,
        "offline": False,
        "flagged": False,
        "server_reason": None,
        "logged_by": principal.subject[:100],
        "recorded_by": None,
        "recorder_unverified": False,
        "uploaded_by": None,
        "occurred_at": occurred_at,
        "received_at": received_at,
    }


async def verify_pass(
    states: GateStates, writer: GateLogWriter, principal: Principal, body: GateCheck, now: datetime
) -> GateVerdict:
    """The verdict before the body checks. A denial is logged there and then (the attempt counts);
    an allowed pass is logged when the volunteer submits the passage."""
    state = await gate_state(states, principal, body.gate_id)
    j = await judge_check(states, state, body, now)
    if j.verdict == Verdict.deny:
        values = log_values(
            state, principal, body, j, client_id=uuid.uuid4(), occurred_at=now, received_at=now
        )
        await writer.submit(LogRow(values))
    return GateVerdict(**verdict_fields(state, j, now))


async def record_passage(
    states: GateStates,
    writer: GateLogWriter,
    sessionmaker: async_sessionmaker[AsyncSession],
    principal: Principal,
    body: PassageRecord,
    now: datetime,
) -> PassageRead:
    """Verify and log: answered after the log's commit; a retried client_id is answered with the
    passage first recorded."""
    state = await gate_state(states, principal, body.gate_id)
    client_id = body.client_id or uuid.uuid4()
    j = await judge_check(states, state, body, now, body.temperature, body.mask, client_id)
    if j.fever and j.entry is not None and body.person_id is not None:
        await check_member(sessionmaker, j.entry.household_id, body.person_id)
    claim = reserve_quota(state, j, client_id, now)
    values = log_values(
        state,
        principal,
        body,
        j,
        client_id=client_id,
        occurred_at=now,
        received_at=now,
        temperature=body.temperature,
        mask=body.mask,
        note=body.note,
    )
    try:
        referral = referral_values(state, j, body.temperature, now, values["id"], body.person_id)
        outcome = await writer.submit(LogRow(values, claim, referral))
    except BaseException:
        release_quota(state, j, client_id)
        raise
    state.saw_quota_version(outcome.quota_version)
    if not outcome.inserted:
        return await recorded_passage(sessionmaker, state, client_id, now)
    if outcome.quota_lost:
        j = quota_lost(state, j, client_id)
    return PassageRead(
        **verdict_fields(state, j, now),
        log_id=values["id"],
        client_id=client_id,
        direction=body.direction,
        temperature=body.temperature,
        mask=body.mask,
        occurred_at=now,
        referral_id=referral["id"] if referral else None,
    )


async def recorded_passage(
    sessionmaker: Callable[[], AsyncSession],
    state: CommunityState,
    client_id: uuid.UUID,
    now: datetime,
) -> PassageRead:
    async with sessionmaker() as session:
        stored = await repository.get_log_by_client_id(session, state.community_id, client_id)
        referral_id = await referral_of_log(session, stored.id) if stored else None
    if stored is None:
        raise GateNotFound("this client_id belongs to another gate log")
    entry = state.passes.get(stored.pass_id) if stored.pass_id else None
    known = stored.reason is not None and stored.reason in Reason.__members__
    reason = Reason(stored.reason) if known and stored.reason else None
    j = Judgement(Verdict(stored.verdict), reason, entry=entry, fever=stored.fever)
    if reason is not None:
        j.message = Judgement.deny(reason).message
    return PassageRead(
        **verdict_fields(state, j, now),
        log_id=stored.id,
        client_id=stored.client_id,
        direction=Direction(stored.direction),
        temperature=stored.temperature,
        mask=stored.mask,
        occurred_at=stored.occurred_at,
        duplicate=True,
        referral_id=referral_id,
    )
