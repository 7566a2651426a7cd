"""The r0015 migration on a PostgreSQL database with gate logs: the logs survive in their days'
partitions (a log older than the backfill in the DEFAULT one), each gets its receipt, a retry
is still stored once after the upgrade, the retention then drops a day's partition whole, and
the downgrade gives back a plain table with a unique client id."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from registry.access.gates.models import Gate, GateLog
from registry.access.gates.partitions import DEFAULT, SCHEMA, GateLogDays, day_of, partition_name
from registry.access.gates.postgres_store import PostgresLogStore
from registry.access.gates.retention import remove_old_logs
from registry.access.gates.writer import LogRow
from registry.health.referrals.models import Referral
from registry.residents.communities.models import Building, Community, Compound
from registry.residents.households.models import Household
from shouhu_common.database import make_engine
from shouhu_common.driver_writes import table_row
from shouhu_common.migrations import alembic_config
from tests.databases import ALEMBIC_INI, SuiteDatabases, backend

BEFORE = "r0014_community_id"
NOW = datetime.now(UTC)
AGES = {"today": 0, "three_days": 3, "long_ago": 400}  # days before NOW


class World:
    def __init__(self) -> None:
        self.community, self.gate, self.household = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        self.logs = {name: self.log(days) for name, days in AGES.items()}

    def log(self, days: int, client_id: uuid.UUID | None = None) -> dict[str, Any]:
        return table_row(
            GateLog.__table__,
            id=uuid.uuid4(),
            client_id=client_id or uuid.uuid4(),
            community_id=self.community,
            gate_id=self.gate,
            direction="out",
            verdict="allow",
            logged_by="user:gate1",
            occurred_at=NOW - timedelta(days=days),
            received_at=NOW - timedelta(days=days),
        )

    def table_of(self, name: str) -> str:
        if name == "long_ago":  # older than the backfill: no partition of its own
            return f"{SCHEMA}.{DEFAULT}"
        return f"{SCHEMA}.{partition_name(day_of(self.logs[name]['occurred_at']))}"


async def _run(url: str, work: Any) -> Any:
    engine = make_engine(url)
    try:
        return await work(engine)
    finally:
        await engine.dispose()


async def _rows(engine: AsyncEngine, sql: str, **params: Any) -> list[Any]:
    async with engine.connect() as conn:
        return list(await conn.execute(text(sql), params))


async def _seed(engine: AsyncEngine, w: World) -> None:
    compound, building = uuid.uuid4(), uuid.uuid4()
    rows: list[tuple[Any, dict[str, Any]]] = [
        (Community, {"id": w.community, "name": "东苑社区"}),
        (Compound, {"id": compound, "community_id": w.community, "name": "东苑"}),
        (
            Building,
            {"id": building, "community_id": w.community, "compound_id": compound, "name": "1栋"},
        ),
        (
            Household,
            {
                "id": w.household,
                "community_id": w.community,
                "building_id": building,
                "floor": 1,
                "room": "101",
                "card_number": "T0000000001",
            },
        ),
        (Gate, {"id": w.gate, "community_id": w.community, "name": "东门"}),
        *((GateLog, log) for log in w.logs.values()),
        (
            Referral,
            {
                "community_id": w.community,
                "household_id": w.household,
                "gate_log_id": w.logs["three_days"]["id"],
                "temperature": 38.2,
            },
        ),
    ]
    async with engine.begin() as conn:
        for model, values in rows:
            await conn.execute(insert(model.__table__).values(values))


async def _check_upgrade(engine: AsyncEngine, w: World) -> None:
    [(kind,)] = await _rows(
        engine, "SELECT relkind::text FROM pg_class WHERE oid = 'gate_log'::regclass"
    )
    assert kind == "p"
    stored = await _rows(
        engine,
        "SELECT id::text, client_id::text, occurred_at, tableoid::regclass::text FROM gate_log",
    )
    assert sorted(stored) == sorted(
        (str(log["id"]), str(log["client_id"]), log["occurred_at"], w.table_of(name))
        for name, log in w.logs.items()
    )
    receipts = await _rows(engine, "SELECT client_id::text, occurred_at FROM gate_log_receipt")
    assert sorted(receipts) == sorted(
        (str(log["client_id"]), log["occurred_at"]) for log in w.logs.values()
    )
    linked = "SELECT g.id::text FROM referral r JOIN gate_log g ON g.id = r.gate_log_id"
    assert await _rows(engine, linked) == [(str(w.logs["three_days"]["id"]),)]
    to_logs = "SELECT conname FROM pg_constraint WHERE confrelid = 'gate_log'::regclass"
    assert await _rows(engine, to_logs) == []


async def _retry_and_retention(engine: AsyncEngine, w: World) -> None:
    store = PostgresLogStore(engine)
    retried = LogRow(w.log(0, client_id=w.logs["three_days"]["client_id"]))
    fresh = LogRow(w.log(0))
    outcomes = await store.write([retried, fresh])
    assert [o.inserted for o in outcomes] == [False, True]
    old_table = f"{SCHEMA}.{partition_name(day_of(w.logs['three_days']['occurred_at']))}"
    removed = await remove_old_logs(engine, GateLogDays(engine), 1, NOW)
    assert day_of(w.logs["three_days"]["occurred_at"]) in removed.partitions_dropped
    assert (removed.logs_deleted, removed.receipts_deleted) == (1, 2)
    [(gone,)] = await _rows(engine, "SELECT to_regclass(:t)", t=old_table)
    assert gone is None
    left = await _rows(engine, "SELECT client_id::text FROM gate_log")
    assert sorted(c for (c,) in left) == sorted(
        str(c) for c in (w.logs["today"]["client_id"], fresh.client_id)
    )


async def _check_downgrade(engine: AsyncEngine, w: World) -> None:
    [(kind,)] = await _rows(
        engine, "SELECT relkind::text FROM pg_class WHERE oid = 'gate_log'::regclass"
    )
    assert kind == "r"
    assert len(await _rows(engine, "SELECT 1 FROM gate_log")) == 2
    unique = await _rows(
        engine, "SELECT 1 FROM pg_constraint WHERE conname = 'uq_gate_log_client_id'"
    )
    assert unique == [(1,)]
    assert await _rows(engine, "SELECT gate_log_id FROM referral") == [(None,)]
    [(schema,)] = await _rows(engine, "SELECT to_regnamespace(:s)", s=SCHEMA)
    assert schema is None


@pytest.mark.skipif(backend() != "postgres", reason="gate_log is partitioned on PostgreSQL only")
def test_upgrade_partitions_existing_logs(tmp_path_factory: pytest.TempPathFactory) -> None:
    dbs = SuiteDatabases(tmp_path_factory.mktemp("partitions"), "partitions")
    world = World()
    try:
        url = dbs.urls["registry"]
        config = alembic_config(ALEMBIC_INI["registry"], url)
        command.downgrade(config, BEFORE)
        asyncio.run(_run(url, lambda e: _seed(e, world)))
        command.upgrade(config, "head")
        asyncio.run(_run(url, lambda e: _check_upgrade(e, world)))
        asyncio.run(_run(url, lambda e: _retry_and_retention(e, world)))
        command.downgrade(config, BEFORE)
        asyncio.run(_run(url, lambda e: _check_downgrade(e, world)))
    finally:
        dbs.drop()
