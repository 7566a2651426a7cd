"""What must hold after the failover run, read from the services' own databases and from what
the clients were answered: nothing answered is lost, nothing is stored twice, every household
event is consumed once, every webhook attempt reaches its endpoint once, the gate verdicts agree
with quarantines older than the convergence bound, and the only errors were 503 problems while a
replica was down."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import asyncpg

from tests.deploy.failover.load import Record

CONVERGENCE_S = 2.0
WINDOW_GRACE_S = 3.0  # after a replica is back: the load balancer's health checks catch up


@dataclass
class KillWindow:
    what: str
    killed: float
    ready: float = float("inf")

    def covers(self, sent: float, answered: float) -> bool:
        """Whether a request was in flight while the replica was down or coming back."""
        return answered >= self.killed and sent <= self.ready + WINDOW_GRACE_S


@dataclass
class Counts:
    values: dict[str, int | float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = [f"  {name}: {value}" for name, value in self.values.items()]
        return "\n".join(["failover counts:", *lines, *(f"  PROBLEM {p}" for p in self.problems)])


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def _fetch(url: str, query: str, *args: object) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(_plain(url))
    try:
        return list(await conn.fetch(query, *args))
    finally:
        await conn.close()


async def settle(urls: dict[str, str], timeout_s: float = 60.0) -> None:
    """Waits until the registry's outbox is relayed, supplies has consumed every household event
    (relayed into a Redis stream is not yet consumed) and no webhook attempt is due."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        pending = await _fetch(
            urls["registry"], "SELECT count(*) AS n FROM outbox WHERE dispatched_at IS NULL"
        )
        due = await _fetch(
            urls["supplies"],
            "SELECT count(*) AS n FROM webhook_delivery WHERE state = 'pending' "
            "AND next_attempt_at <= now()",
        )
        events = await _fetch(
            urls["registry"], "SELECT event_id FROM outbox WHERE topic LIKE 'household.%'"
        )
        inbox = {
            r["event_id"] for r in await _fetch(urls["supplies"], "SELECT event_id FROM inbox")
        }
        unconsumed = sum(1 for r in events if r["event_id"] not in inbox)
        if pending[0]["n"] == 0 and due[0]["n"] == 0 and unconsumed == 0:
            return
        await asyncio.sleep(0.5)


async def _stored_once(
    values: dict[str, int | float], name: str, url: str, query: str, answered: Iterable[str]
) -> None:
    """`query` counts the stored rows of each answered id: none is lost, none doubled."""
    ids = [uuid.UUID(i) for i in answered]
    stored = await _fetch(url, query, ids)
    values[f"{name}_answered"] = len(ids)
    values[f"{name}_lost"] = len(ids) - len(stored)
    values[f"{name}_doubled"] = sum(r["n"] - 1 for r in stored)


async def count(urls: dict[str, str], record: Record, received: Counter[tuple[str, str]]) -> Counts:
    counts = Counts()
    values = counts.values

    by_client_id = "SELECT client_id, count(*) AS n FROM {} WHERE client_id = ANY($1) GROUP BY 1"
    await _stored_once(
        values, "gate_logs", urls["registry"], by_client_id.format("gate_log"), record.gate_logs
    )
    await _stored_once(
        values,
        "quarantines",
        urls["registry"],
        by_client_id.format("quarantine"),
        [c.client_id for c in record.cycles],
    )

    orders = [uuid.UUID(o) for o in record.orders.values()]
    placed = await _fetch(
        urls["supplies"], "SELECT id FROM household_order WHERE id = ANY($1)", orders
    )
    every = await _fetch(urls["supplies"], "SELECT count(*) AS n FROM household_order")
    values["orders_answered"] = len(orders)
    values["orders_lost"] = len(set(orders)) - len(placed)
    values["orders_doubled"] = (len(orders) - len(set(orders))) + (every[0]["n"] - len(placed))
    await _stored_once(
        values,
        "acceptances",
        urls["supplies"],
        "SELECT order_id, count(*) AS n FROM order_timeline WHERE status = 'accepted' "
        "AND order_id = ANY($1) GROUP BY 1",
        list(record.accepted),
    )

    events = await _fetch(
        urls["registry"], "SELECT event_id FROM outbox WHERE topic LIKE 'household.%'"
    )
    inbox = await _fetch(urls["supplies"], "SELECT event_id FROM inbox")
    consumed = Counter(r["event_id"] for r in inbox)
    values["household_events"] = len(events)
    values["household_events_not_consumed"] = sum(1 for r in events if not consumed[r["event_id"]])
    values["household_events_consumed_twice"] = sum(1 for n in consumed.values() if n > 1)

    deliveries = await _fetch(urls["supplies"], "SELECT id, state, attempts FROM webhook_delivery")
    delivered = [r for r in deliveries if r["state"] == "delivered"]
    values["webhook_deliveries"] = len(delivered)
    values["webhook_deliveries_not_received"] = sum(
        1
        for r in delivered
        if not any(received[(str(r["id"]), str(a + 1))] for a in range(r["attempts"]))
    )
    values["webhook_attempts_received_twice"] = sum(1 for n in received.values() if n > 1)
    values["webhook_pending"] = sum(1 for r in deliveries if r["state"] == "pending")
    return counts


def judge_verdicts(record: Record, counts: Counts) -> None:
    """A verdict asked more than CONVERGENCE_S after a quarantine's start was answered, and
    answered before its release was sent, must deny; one asked that long after a release was
    answered, before the household's next quarantine, must allow."""
    by_household: dict[str, list[tuple[float, float, float, float]]] = {}
    ordered = sorted(record.cycles, key=lambda c: c.start_sent)
    for c in ordered:
        later = [o.start_sent for o in ordered if o.household_id == c.household_id]
        next_sent = min((t for t in later if t > c.start_sent), default=float("inf"))
        by_household.setdefault(c.household_id, []).append(
            (c.started, c.release_sent, c.released, next_sent)
        )
    checked = disagreed = 0
    for v in record.verdicts:
        for started, release_sent, released, next_sent in by_household.get(v.household_id, []):
            if v.sent >= started + CONVERGENCE_S and v.answered <= release_sent:
                checked += 1
                disagreed += v.verdict != "deny"
            elif released + CONVERGENCE_S <= v.sent and v.answered <= next_sent:
                checked += 1
                disagreed += v.verdict != "allow"
    counts.values["verdicts"] = len(record.verdicts)
    counts.values["verdicts_checked_against_quarantine"] = checked
    counts.values["verdicts_disagreeing"] = disagreed


def judge_failures(record: Record, windows: list[KillWindow], counts: Counts) -> None:
    """A client may see a 503 problem, or (HAProxy's way with a keep-alive connection whose
    gateway died under the request) its connection closed without an answer; both only while a
    replica was down, and its retry went through (`Load.send` fails the run otherwise)."""
    inside = [f for f in record.failures if any(w.covers(f.sent, f.answered) for w in windows)]
    outside = [f for f in record.failures if f not in inside]
    problems = [f for f in inside if f.status == 503 and f.problem]
    closed = [f for f in inside if f.status is None and "RemoteProtocolError" in f.error]
    other = [f for f in inside if f not in problems and f not in closed]
    counts.values["requests"] = record.requests
    counts.values["errors_503_in_kill_windows"] = len(problems)
    counts.values["closed_unanswered_in_kill_windows"] = len(closed)
    counts.values["errors_outside_kill_windows"] = len(outside)
    counts.values["errors_of_other_kinds"] = len(other)
    counts.values["error_share"] = round(len(record.failures) / max(record.requests, 1), 4)
    for f in (outside + other)[:10]:
        counts.problems.append(f"{f.actor} {f.path}: {f.status or f.error} at {f.sent:.1f}")
    if outside or other:
        for w in windows:
            counts.problems.append(f"(window {w.what}: {w.killed:.1f} to {w.ready:.1f})")
