"""Gate logs written exactly once, by group commit.

`persist` inserts a batch of logs with insert-or-ignore on their client id (`ON CONFLICT DO
NOTHING`, on SQLite and PostgreSQL alike), then takes the outing-quota slots of the new ones the
same way; a slot another replica already took turns that log into a quota denial (online) or a
flag (offline). `GateLogWriter` funnels single online passages into one transaction per batch:
whatever queued while the previous commit ran goes into the next, and each caller is answered
only after the commit that holds its row, so nothing acknowledged is ever lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import structlog
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from registry.access.gates.models import GateLog, GateQuotaUse, Verdict
from registry.access.passes.versions import dialect_insert
from registry.health.referrals.models import Referral

log = structlog.get_logger("registry.access.gates.writer")


@dataclass(slots=True)
class LogRow:
    values: dict[str, Any]
    quota_claim: dict[str, Any] | None = None
    referral: dict[str, Any] | None = None  # a fever of a known person: to the fever clinic

    @property
    def client_id(self) -> uuid.UUID:
        client_id: uuid.UUID = self.values["client_id"]
        return client_id


@dataclass(slots=True)
class Persisted:
    inserted: set[uuid.UUID] = field(default_factory=set)
    quota_lost: set[uuid.UUID] = field(default_factory=set)


async def persist(conn: AsyncConnection, rows: list[LogRow]) -> Persisted:
    """Inserts the rows not stored yet and takes their quota slots, in the caller's transaction."""
    outcome = Persisted()
    if not rows:
        return outcome
    insert = dialect_insert(conn, GateLog).on_conflict_do_nothing(index_elements=["client_id"])
    result = await conn.execute(insert.returning(GateLog.client_id), [r.values for r in rows])
    outcome.inserted = {row[0] for row in result.all()}
    referrals = [r.referral for r in rows if r.referral and r.client_id in outcome.inserted]
    if referrals:
        await conn.execute(dialect_insert(conn, Referral), referrals)
    claims = [r for r in rows if r.quota_claim is not None and r.client_id in outcome.inserted]
    if not claims:
        return outcome
    table = GateQuotaUse.__table__
    slots = dialect_insert(conn, GateQuotaUse).on_conflict_do_nothing()
    taken = await conn.execute(
        slots.returning(table.c.gate_log_client_id),
        [r.quota_claim for r in claims if r.quota_claim is not None],
    )
    won = {row[0] for row in taken.all()}
    lost_online = [
        r.client_id for r in claims if r.client_id not in won and not r.values["offline"]
    ]
    lost_offline = [r.client_id for r in claims if r.client_id not in won and r.values["offline"]]
    if lost_online:
        await conn.execute(
            update(GateLog)
            .where(GateLog.client_id.in_(lost_online))
            .values(verdict=Verdict.deny.value, reason="quota_used")
        )
    if lost_offline:
        await conn.execute(
            update(GateLog)
            .where(GateLog.client_id.in_(lost_offline))
            .values(flagged=True, server_reason="quota_used")
        )
    outcome.quota_lost = set(lost_online) | set(lost_offline)
    return outcome


class LogStore(Protocol):
    async def persist(self, rows: Sequence[LogRow]) -> Persisted: ...


class SqlAlchemyLogStore:
    """`persist` in a transaction of its own, through the service's engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def persist(self, rows: Sequence[LogRow]) -> Persisted:
        async with self._engine.begin() as conn:
            return await persist(conn, list(rows))


@dataclass(slots=True)
class _Pending:
    row: LogRow
    done: asyncio.Future[tuple[bool, bool]]


class GateLogWriter:
    """One background task per replica; `submit` returns (inserted, quota_lost) after commit."""

    def __init__(self, store: LogStore, *, batch_max: int = 500, wait_ms: float = 0.0) -> None:
        self.store = store
        self._batch_max = batch_max
        self._wait_s = wait_ms / 1000
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="gate-log-writer")

    async def stop(self) -> None:
        """Writes what is queued, then stops."""
        if self._task is None:
            return
        while not self._queue.empty():
            await asyncio.sleep(0.01)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def submit(self, row: LogRow) -> tuple[bool, bool]:
        if self._task is None or self._task.done():
            raise RuntimeError("the gate log writer is not running")
        done: asyncio.Future[tuple[bool, bool]] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Pending(row, done))
        return await done

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            if self._wait_s > 0:
                await asyncio.sleep(self._wait_s)
            while len(batch) < self._batch_max and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            await self._write(batch)

    async def _write(self, batch: list[_Pending]) -> None:
        # one row per client id in a statement: a retry racing its original waits for the next
        unique: dict[uuid.UUID, _Pending] = {}
        later: list[_Pending] = []
        for pending in batch:
            if pending.row.client_id in unique:
                later.append(pending)
            else:
                unique[pending.row.client_id] = pending
        try:
            outcome = await self.store.persist([p.row for p in unique.values()])
        except Exception as exc:
            log.exception("gate_log_batch_failed", rows=len(batch))
            for pending in batch:
                if not pending.done.done():
                    pending.done.set_exception(exc)
            return
        for client_id, pending in unique.items():
            if not pending.done.done():
                pending.done.set_result(
                    (client_id in outcome.inserted, client_id in outcome.quota_lost)
                )
        for pending in later:
            self._queue.put_nowait(pending)
