"""Gate logs by day: a retry is stored once whatever day and time it carries; on PostgreSQL each
log is in its day's partition (the DEFAULT one for a day without), a day's partition made late
takes what the DEFAULT one caught, the daily report's query reads one partition, and the
retention drops old days' partitions whole (on SQLite it deletes their rows)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, insert, select, text

from registry.access.gates.models import GateLog, GateLogReceipt
from registry.access.gates.partitions import (
    AHEAD_DAYS,
    DEFAULT,
    SCHEMA,
    GateLogDays,
    day_of,
    day_start,
    partition_name,
)
from registry.access.gates.retention import GateLogUpkeep
from registry.access.gates.writer import LogRow
from registry.oversight.reports.repository import gate_counts_query
from shouhu_common.driver_writes import asyncpg_connection, table_row
from tests.conftest import Stack
from tests.databases import backend
from tests.registry.access.gates.builders import GateWorld, make_gate_world, passage
from tests.registry.access.gates.test_sync import offline

postgres_only = pytest.mark.skipif(
    backend() != "postgres", reason="gate_log is partitioned on PostgreSQL only"
)


async def count(stack: Stack, model: Any) -> int:
    async with stack.registry.state.sessionmaker() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def upload(client: httpx.AsyncClient, world: GateWorld, *logs: dict[str, Any]) -> Any:
    response = await client.post(
        "/api/v1/gate/logs:batch", headers=world.volunteer, json={"logs": list(logs)}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def where_stored(stack: Stack) -> dict[str, str]:
    """Each log's client id → the table that holds it."""
    async with stack.registry.state.engine.connect() as conn:
        rows = await conn.execute(text("SELECT client_id, tableoid::regclass::text FROM gate_log"))
        return {str(client_id): table for client_id, table in rows}


async def partitions(stack: Stack) -> set[str]:
    async with stack.registry.state.engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT c.oid::regclass::text FROM pg_inherits i "
                "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'gate_log'::regclass"
            )
        )
        return {name for (name,) in rows}


def days_ago(days: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


async def test_a_retry_is_stored_once_whatever_day_it_carries(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    """Online the log takes the server's time; the phone that never got the answer queues it
    with its own clock (three days off here) and uploads it later: the same log, once."""
    world = await make_gate_world(client, stack, households=1)
    body = passage(world, world.passes[0])
    first = await client.post("/api/v1/gate/logs", headers=world.volunteer, json=body)
    assert first.status_code == 200, first.text
    queued = offline(world, world.passes[0], client_id=body["client_id"], occurred_at=days_ago(3))
    result = await upload(client, world, queued)
    assert (result["accepted"], result["duplicates"]) == ([], [body["client_id"]])
    again = await client.post("/api/v1/gate/logs", headers=world.volunteer, json=body)
    assert again.json()["duplicate"] is True
    assert again.json()["log_id"] == first.json()["log_id"]
    assert again.json()["occurred_at"] == first.json()["occurred_at"]
    other = offline(world, world.passes[0], occurred_at=days_ago(40))
    assert (await upload(client, world, other, other))["accepted"] == [other["client_id"]]
    result = await upload(client, world, {**other, "occurred_at": days_ago(1)})
    assert (result["accepted"], result["duplicates"]) == ([], [other["client_id"]])
    assert await count(stack, GateLog) == 2
    assert await count(stack, GateLogReceipt) == 2


@postgres_only
async def test_each_log_is_in_its_days_partition(client: httpx.AsyncClient, stack: Stack) -> None:
    world = await make_gate_world(client, stack, households=1)
    today = day_of(datetime.now(UTC))
    ahead = {f"{SCHEMA}.{partition_name(today + timedelta(days=n))}" for n in range(8)}
    assert ahead | {f"{SCHEMA}.{DEFAULT}"} <= await partitions(stack)
    body = passage(world, world.passes[0])
    assert (await client.post("/api/v1/gate/logs", headers=world.volunteer, json=body)).is_success
    wrong_clock = offline(world, world.passes[0], occurred_at=days_ago(400))
    await upload(client, world, wrong_clock)
    assert await where_stored(stack) == {
        body["client_id"]: f"{SCHEMA}.{partition_name(today)}",
        wrong_clock["client_id"]: f"{SCHEMA}.{DEFAULT}",
    }


@postgres_only
async def test_the_daily_reports_query_reads_only_its_days_partition(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_gate_world(client, stack, households=1)
    start = day_start(day_of(datetime.now(UTC)))
    query = gate_counts_query([world.community_id], start, start + timedelta(days=1))
    compiled = query.compile(
        dialect=stack.registry.state.engine.dialect, compile_kwargs={"render_postcompile": True}
    )
    values = compiled.construct_params()
    args = [values[name] for name in compiled.positiontup or ()]
    async with asyncpg_connection(stack.registry.state.engine) as conn:
        plan = "\n".join(r[0] for r in await conn.fetch(f"EXPLAIN (COSTS OFF) {compiled}", *args))
    print(plan)  # the plan quoted in docs/guides/gates-and-passes.md
    scanned = set(re.findall(r"Scan(?: Backward)? using \S+ on (\S+)", plan))
    assert scanned == {partition_name(start.date())}, plan


@postgres_only
async def test_a_day_made_late_takes_what_the_default_partition_caught(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    """A day without its partition (its making failed, say) keeps its logs in the DEFAULT
    partition; making it moves them in. From the write path, the day is made before the batch."""
    world = await make_gate_world(client, stack, households=1)
    now = datetime.now(UTC)
    last = day_of(now) + timedelta(days=AHEAD_DAYS)
    table = f"{SCHEMA}.{partition_name(last)}"
    engine = stack.registry.state.engine

    async def drop_last_day() -> None:
        async with engine.begin() as conn:
            await conn.execute(text(f"ALTER TABLE gate_log DETACH PARTITION {table}"))
            await conn.execute(text(f"DROP TABLE {table}"))

    def row(hours: int) -> dict[str, Any]:
        return table_row(
            GateLog.__table__,
            client_id=uuid.uuid4(),
            community_id=world.community_id,
            gate_id=world.gate_id,
            direction="in",
            verdict="allow",
            logged_by="user:test",
            occurred_at=day_start(last) + timedelta(hours=hours),
            received_at=now,
        )

    await drop_last_day()
    caught = row(1)
    async with engine.begin() as conn:
        await conn.execute(insert(GateLog.__table__).values(caught))
    assert await where_stored(stack) == {str(caught["client_id"]): f"{SCHEMA}.{DEFAULT}"}
    assert await GateLogDays(engine).ensure(now) == [last]
    assert await where_stored(stack) == {str(caught["client_id"]): table}

    await drop_last_day()
    store = stack.registry.state.gate_log_writer.store
    store.days.ready_until = None  # as on a replica whose last look was days ago
    written = row(2)
    assert [s.inserted for s in await store.write([LogRow(written)])] == [True]
    assert (await where_stored(stack))[str(written["client_id"])] == table


async def test_retention_drops_old_days_whole(client: httpx.AsyncClient, stack: Stack) -> None:
    """Ten days kept: the partition of a log 15 days old goes with its log, a stray row of a day
    without a partition is deleted, the receipts of both go; today's log stays. SQLite deletes
    the rows."""
    world = await make_gate_world(client, stack, households=1)
    engine, now = stack.registry.state.engine, datetime.now(UTC)
    postgres = backend() == "postgres"
    first = day_of(now) - timedelta(days=20)
    old_days = [first + timedelta(days=n) for n in range(8)]
    if postgres:
        assert await GateLogDays(engine).make_days(old_days) == old_days
    recent, old, stray = (
        offline(world, world.passes[0], occurred_at=days_ago(n)) for n in (0, 15, 400)
    )
    await upload(client, world, recent, old, stray)
    if postgres:
        old_table = (await where_stored(stack))[old["client_id"]]
        assert old_table == f"{SCHEMA}.{partition_name(day_of(now) - timedelta(days=15))}"

    upkeep = GateLogUpkeep(engine, stack.registry.state.gate_log_upkeep.days, 10)
    removed = await upkeep.run_once(now)

    assert removed is not None
    assert removed.horizon == day_start(day_of(now) - timedelta(days=10))
    assert removed.receipts_deleted == 2
    async with stack.registry.state.sessionmaker() as session:
        kept = (await session.scalars(select(GateLog.client_id))).all()
        receipts = (await session.scalars(select(GateLogReceipt.client_id))).all()
    assert [str(c) for c in kept] == [str(c) for c in receipts] == [recent["client_id"]]
    if not postgres:
        assert (removed.partitions_dropped, removed.logs_deleted) == ([], 2)
        return
    assert removed.partitions_dropped == old_days
    assert removed.logs_deleted == 1  # the stray row: the old log went with its partition
    async with engine.connect() as conn:
        gone = await conn.execute(text("SELECT to_regclass(:t)"), {"t": old_table})
        assert gone.scalar() is None
    assert old_table not in await partitions(stack)
