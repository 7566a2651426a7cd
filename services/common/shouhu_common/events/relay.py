"""The relay: a background task in the producing service that delivers committed outbox events.

Guarantees: every committed event reaches every subscriber that wants its topic, at least once,
in `seq` (commit) order per subscriber. Progress is kept per event and subscriber
(`outbox_delivery`), not as a cursor, so an event whose transaction committed late is never
skipped. A subscriber that fails (down, 5xx, timeout) is retried with exponential backoff and is
not sent later events until it takes the earlier one; other subscribers carry on. While it backs
off its readiness is checked every poll interval, and it is retried as soon as it answers ready:
a subscriber that was down for minutes gets its events within a poll of coming back, not after
the grown delay (a quarantine once reached supplies 55 s after supplies was up again). On PostgreSQL
one replica at a time relays (a session advisory lock); SQLite is a single process.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import structlog
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shouhu_common.clock import utc_now
from shouhu_common.events.envelope import Event
from shouhu_common.events.outbox import on_commit_wake
from shouhu_common.events.tables import OutboxTables
from shouhu_common.events.transports import DeliveryFailed, Subscriber, Transport

log = structlog.get_logger("shouhu.events.relay")
PRUNE_EVERY_S = 3600.0


@dataclass
class _Backoff:
    failures: int = 0
    next_try: float = 0.0
    next_probe: float = 0.0


class Relay:
    def __init__(
        self,
        *,
        engine: AsyncEngine,
        tables: OutboxTables,
        source: str,
        subscribers: Sequence[Subscriber],
        transport: Transport,
        poll_interval_s: float = 1.0,
        max_backoff_s: float = 60.0,
        batch_size: int = 100,
        retention_days: int = 7,
    ) -> None:
        self._engine = engine
        self._tables = tables
        self.source = source
        self.subscribers = list(subscribers)
        self._transport = transport
        self._poll = poll_interval_s
        self._max_backoff = max_backoff_s
        self._batch = batch_size
        self._retention = timedelta(days=retention_days)
        self._backoff = {s.name: _Backoff() for s in self.subscribers}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._leader: AsyncConnection | None = None
        self._unsubscribe = lambda: None
        self._last_prune = 0.0
        digest = hashlib.sha256(f"shouhu.outbox.relay:{source}".encode()).digest()
        self._lock_key = int.from_bytes(digest[:8], "big", signed=True)

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._unsubscribe = on_commit_wake(self._engine.sync_engine, self.wake)
        self._task = asyncio.create_task(self.run(), name=f"outbox-relay-{self.source}")

    async def stop(self) -> None:
        self._unsubscribe()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._release_leadership()
        await self._transport.aclose()

    async def run(self) -> None:
        while True:
            more = False
            try:
                if await self._lead():
                    more = await self.deliver_pending() >= self._batch
                    await self._prune()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("relay_pass_failed", source=self.source)
                await self._release_leadership()
            if more:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll)
            self._wake.clear()

    async def deliver_pending(self) -> int:
        """One pass over the oldest undispatched events; returns how many were looked at."""
        outbox, delivery = self._tables.outbox, self._tables.delivery
        async with self._engine.connect() as conn:
            query = (
                select(outbox)
                .where(outbox.c.dispatched_at.is_(None))
                .order_by(outbox.c.seq)
                .limit(self._batch)
            )
            rows = (await conn.execute(query)).all()
            if not rows:
                return 0
            seqs = [row.seq for row in rows]
            acked = await conn.execute(
                select(delivery.c.seq, delivery.c.subscriber).where(delivery.c.seq.in_(seqs))
            )
            done: set[tuple[int, str]] = {(seq, name) for seq, name in acked.all()}
        events = [
            (
                row.seq,
                Event(row.event_id, self.source, row.topic, row.key, row.occurred_at, row.payload),
            )
            for row in rows
        ]
        now = time.monotonic()
        await self._probe_backed_off(now)
        due = [s for s in self.subscribers if self._backoff[s.name].next_try <= now]
        batches = await asyncio.gather(*(self._deliver_to(s, events, done) for s in due))
        delivered = [(seq, name) for batch in batches for seq, name in batch]
        finished = [
            seq
            for seq, event in events
            if all((seq, s.name) in done for s in self.subscribers if s.wants(event.topic))
        ]
        if delivered or finished:
            async with self._engine.begin() as conn:
                stamp = utc_now()
                if delivered:
                    await conn.execute(
                        insert(delivery),
                        [{"seq": q, "subscriber": n, "delivered_at": stamp} for q, n in delivered],
                    )
                if finished:
                    await conn.execute(
                        update(outbox).where(outbox.c.seq.in_(finished)).values(dispatched_at=stamp)
                    )
        return len(rows)

    async def _probe_backed_off(self, now: float) -> None:
        """A subscriber backing off that answers ready is retried now."""
        waiting = [
            s
            for s in self.subscribers
            if self._backoff[s.name].next_try > now and self._backoff[s.name].next_probe <= now
        ]
        for subscriber, ready in zip(
            waiting, await asyncio.gather(*(self._transport.ready(s) for s in waiting)), strict=True
        ):
            state = self._backoff[subscriber.name]
            state.next_probe = now + self._poll
            if ready:
                log.info("event_subscriber_ready", subscriber=subscriber.name)
                state.next_try = 0.0

    async def _deliver_to(
        self, subscriber: Subscriber, events: list[tuple[int, Event]], done: set[tuple[int, str]]
    ) -> list[tuple[int, str]]:
        """In order; stops at the first failure so this subscriber never sees a gap."""
        delivered: list[tuple[int, str]] = []
        state = self._backoff[subscriber.name]
        for seq, event in events:
            if not subscriber.wants(event.topic) or (seq, subscriber.name) in done:
                continue
            try:
                await self._transport.send(subscriber, event)
            except DeliveryFailed as exc:
                state.failures += 1
                delay = min(self._max_backoff, self._poll * 2 ** (state.failures - 1))
                state.next_try = time.monotonic() + delay * random.uniform(0.8, 1.2)
                log.warning(
                    "event_delivery_failed",
                    subscriber=subscriber.name,
                    topic=event.topic,
                    event_id=str(event.event_id),
                    failures=state.failures,
                    retry_in_s=round(delay, 2),
                    error=str(exc)[:200],
                )
                break
            if state.failures:
                log.info("event_subscriber_back", subscriber=subscriber.name)
                state.failures, state.next_try = 0, 0.0
            done.add((seq, subscriber.name))
            delivered.append((seq, subscriber.name))
        return delivered

    async def _lead(self) -> bool:
        """PostgreSQL: hold a session advisory lock so one replica relays at a time."""
        if self._engine.dialect.name != "postgresql":
            return True
        if self._leader is not None:
            await self._leader.execute(select(1))
            await self._leader.commit()
            return True
        conn = await self._engine.connect()
        got = (await conn.execute(select(func.pg_try_advisory_lock(self._lock_key)))).scalar()
        await conn.commit()  # a session lock outlives the transaction; don't sit idle in one
        if got:
            self._leader = conn
            return True
        await conn.close()
        return False

    async def _release_leadership(self) -> None:
        """Invalidating (not just returning the connection to the pool) ends the database
        session, which is what releases a session-level advisory lock."""
        if self._leader is not None:
            with contextlib.suppress(Exception):
                await self._leader.invalidate()
                await self._leader.close()
            self._leader = None

    async def _prune(self) -> None:
        """Delivered events are kept `retention_days` for inspection, then deleted."""
        if time.monotonic() - self._last_prune < PRUNE_EVERY_S:
            return
        self._last_prune = time.monotonic()
        outbox, delivery = self._tables.outbox, self._tables.delivery
        cutoff = utc_now() - self._retention
        old = select(outbox.c.seq).where(outbox.c.dispatched_at < cutoff)
        async with self._engine.begin() as conn:
            await conn.execute(delete(delivery).where(delivery.c.seq.in_(old)))
            await conn.execute(delete(outbox).where(outbox.c.dispatched_at < cutoff))
