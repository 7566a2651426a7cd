"""Offline gates: batch upload of logs judged on the phone (exactly once, re-checked by the
server). The bundle a phone judges with offline is bundle.py's."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates import repository
from registry.access.gates.errors import GateNotFound, NotYourGate, PersonNotInHousehold
from registry.access.gates.fever import check_member, referral_values
from registry.access.gates.models import Verdict
from registry.access.gates.schemas import (
    BatchResult,
    FlaggedLog,
    OfflinePassage,
    PassageBatch,
    RejectedLog,
)
from registry.access.gates.service import (
    gate_state,
    judge_check,
    log_values,
    mark_quota_full,
    release_quota,
    reserve_quota,
)
from registry.access.gates.state import CommunityState, GateStates
from registry.access.gates.verdicts import MESSAGES, Judgement, Reason
from registry.access.gates.writer import LogRow, LogStore, Stored
from shouhu_common.identity import Principal

CLOCK_SKEW = timedelta(minutes=10)
_passage = TypeAdapter(OfflinePassage)


def _client_id(raw: object) -> str | None:
    value = raw.get("client_id") if isinstance(raw, dict) else None
    return str(value)[:64] if value is not None else None


class _Rejected(Exception):
    """A log the upload refuses, with why, field by field."""

    def __init__(self, *errors: str) -> None:
        self.errors = list(errors)


async def upload_passages(
    states: GateStates,
    store: LogStore,
    principal: Principal,
    batch: PassageBatch,
    now: datetime,
    sessionmaker: Callable[[], AsyncSession],
) -> BatchResult:
    """Stores each valid log once (insert-or-ignore on its client id, so concurrent duplicate
    uploads store one row), keeps the phone's verdict and time, and flags the allowed ones that the
    server's rules (revocation, expiry at the time, quarantine, quota) would have denied."""
    rows: list[LogRow] = []
    judged: dict[uuid.UUID, tuple[CommunityState, Judgement]] = {}
    rejected: list[RejectedLog] = []
    repeated: list[uuid.UUID] = []
    recorders = _Recorders(sessionmaker, principal)
    for index, raw in enumerate(batch.logs):
        try:
            item = _read_passage(raw)
            if item.client_id in judged:
                repeated.append(item.client_id)
                continue
            _check_plausible(item, now)
            state, j = await _judge_again(states, sessionmaker, principal, item, now)
        except _Rejected as rejection:
            client_id = _client_id(raw)
            rejected.append(RejectedLog(index=index, client_id=client_id, errors=rejection.errors))
            continue
        rows.append(await _offline_log(state, principal, item, j, now, recorders))
        judged[item.client_id] = (state, j)
    stored = await _store_once(store, rows, judged)
    new = [row for row, outcome in zip(rows, stored, strict=True) if outcome.inserted]
    return BatchResult(
        accepted=[r.client_id for r in new],
        duplicates=[r.client_id for r, o in zip(rows, stored, strict=True) if not o.inserted]
        + repeated,
        rejected=rejected,
        flagged=_flag_denied_by_server(rows, stored, judged),
        unverified_recorders=[r.client_id for r in new if r.values["recorder_unverified"]],
    )


def _read_passage(raw: object) -> OfflinePassage:
    try:
        return _passage.validate_python(raw)
    except ValidationError as exc:
        raise _Rejected(
            *(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        ) from exc


def _check_plausible(item: OfflinePassage, now: datetime) -> None:
    """Not from the future (beyond the phones' clock skew), and a denial says why."""
    if item.occurred_at > now + CLOCK_SKEW:
        raise _Rejected("occurred_at: in the future")
    if item.verdict == Verdict.deny and item.reason not in Reason.__members__:
        raise _Rejected("reason: a known denial code is required")


async def _judge_again(
    states: GateStates,
    sessionmaker: Callable[[], AsyncSession],
    principal: Principal,
    item: OfflinePassage,
    now: datetime,
) -> tuple[CommunityState, Judgement]:
    """The server's verdict on the passage at the time it happened (or now, if the phone's clock
    ran ahead), at a gate the uploader stands at."""
    try:
        state = await gate_state(states, principal, item.gate_id)
    except (GateNotFound, NotYourGate) as exc:
        raise _Rejected(f"gate_id: {exc.title_en}") from exc
    at = min(item.occurred_at, now)
    j = await judge_check(states, state, item, at, item.temperature, item.mask, item.client_id)
    if j.fever and j.entry is not None and item.person_id is not None:
        try:
            await check_member(sessionmaker, j.entry.household_id, item.person_id)
        except PersonNotInHousehold as exc:
            raise _Rejected(f"person_id: {exc.title_en}") from exc
    return state, j


async def _offline_log(
    state: CommunityState,
    principal: Principal,
    item: OfflinePassage,
    j: Judgement,
    now: datetime,
    recorders: _Recorders,
) -> LogRow:
    """The log as the phone judged it, flagged when the server would have denied an allowed
    passage; its quota slot (it happened: it counts) and its fever referral."""
    at = min(item.occurred_at, now)
    claim = None
    if item.verdict == Verdict.allow and j.verdict == Verdict.allow:
        claim = reserve_quota(state, j, item.client_id, at)
    values = log_values(
        state,
        principal,
        item,
        j,
        client_id=item.client_id,
        occurred_at=item.occurred_at,
        received_at=now,
        temperature=item.temperature,
        mask=item.mask,
        note=item.note,
    )
    denied_by_server = item.verdict == Verdict.allow and j.verdict == Verdict.deny
    values.update(
        verdict=item.verdict.value,
        reason=item.reason if item.verdict == Verdict.deny else None,
        offline=True,
        flagged=denied_by_server,
        server_reason=j.reason.value if j.reason else None,
    )
    values.update(await recorders.attribution(item.gate_id, item.recorded_by))
    referral = referral_values(state, j, item.temperature, at, values["id"], item.person_id)
    return LogRow(values, claim, referral)


async def _store_once(
    store: LogStore,
    rows: list[LogRow],
    judged: dict[uuid.UUID, tuple[CommunityState, Judgement]],
) -> list[Stored]:
    """The logs in one transaction; if it fails, the quota slots they reserved are given back."""
    try:
        outcomes = await store.write(rows)
    except BaseException:
        for client_id, (state, j) in judged.items():
            release_quota(state, j, client_id)
        raise
    for row, outcome in zip(rows, outcomes, strict=True):
        judged[row.client_id][0].saw_quota_version(outcome.quota_version)
    return outcomes


def _flag_denied_by_server(
    rows: list[LogRow],
    stored: list[Stored],
    judged: dict[uuid.UUID, tuple[CommunityState, Judgement]],
) -> list[FlaggedLog]:
    """The new logs the server would have denied: by its rules, or by a quota slot that another
    replica took first."""
    flagged: list[FlaggedLog] = []
    for row, outcome in zip(rows, stored, strict=True):
        state, j = judged[row.client_id]
        if not outcome.inserted:
            continue  # stored before: its slot, if any, is held under the same client id
        if outcome.quota_lost:
            assert j.quota_key is not None
            mark_quota_full(state, j.quota_key, row.client_id)
            flagged.append(
                FlaggedLog(
                    client_id=row.client_id,
                    server_reason="quota_used",
                    message=MESSAGES[Reason.quota_used],
                )
            )
        elif row.values["flagged"]:
            flagged.append(
                FlaggedLog(
                    client_id=row.client_id,
                    server_reason=row.values["server_reason"],
                    message=j.message,
                )
            )
    return flagged


class _Recorders:
    """Who a log is attributed to when the phone names the volunteer who logged it: that
    volunteer if posted at the gate under that username (one lookup per gate and name in a
    batch), else the uploader with the log flagged."""

    def __init__(self, sessionmaker: Callable[[], AsyncSession], uploader: Principal) -> None:
        self._sessionmaker = sessionmaker
        self._uploader = uploader
        self._found: dict[tuple[uuid.UUID, str], str | None] = {}

    async def attribution(self, gate_id: uuid.UUID, recorded_by: str | None) -> dict[str, Any]:
        if recorded_by is None or recorded_by == self._uploader.username:
            return {}
        key = (gate_id, recorded_by)
        if key not in self._found:
            async with self._sessionmaker() as session:
                self._found[key] = await repository.posted_subject(session, gate_id, recorded_by)
        subject = self._found[key]
        return {
            "recorded_by": recorded_by,
            "uploaded_by": self._uploader.subject[:100],
            "logged_by": (subject or self._uploader.subject)[:100],
            "recorder_unverified": subject is None,
        }
