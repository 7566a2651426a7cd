"""The daily report benchmark's sub-district, written straight into the stack's registry and
supplies databases with `bulk_insert` (COPY on PostgreSQL): 10 communities of 5,000 households
(2 people each), 1,000,000 gate logs over the last 14 days (about 71,000 a day, ~7 per household:
a realistic lockdown day), and two weeks of screening, quarantine, follow-ups, referrals,
returnees, visitors, orders with their timelines, delivery rounds and stock given out."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Table

import registry.models
from benchmarks.harness import Stack
from benchmarks.reports_rows import DAYS, SHANGHAI, analyze, complete, local
from benchmarks.reports_supplies import seed_supplies
from benchmarks.supplies_seed import supplies_url
from registry.access.gates.partitions import days_for
from shouhu_common.database import bulk_insert, make_engine, make_sessionmaker

COMMUNITIES = 10
HOUSEHOLDS = 5_000  # per community
PER_BUILDING = 100
GATE_LOGS = 1_000_000
CHUNK = 20_000
RISKS = ("low", "low", "low", "medium", "high")
REASONS = ("quota_used", "fever", "curfew", "suspended", "no_mask")


@dataclass
class SubDistrict:
    community_ids: list[uuid.UUID] = field(default_factory=list)
    households: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)
    people: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)  # by household
    gates: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)


def _table(metadata: Any, name: str) -> Table:
    table: Table = metadata.tables[name]
    return table


async def _insert(sessionmaker: Any, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    count, batch = 0, []
    for row in rows:
        batch.append(complete(table, row))
        if len(batch) >= CHUNK:
            async with sessionmaker() as session:
                await bulk_insert(session, table, batch)
                await session.commit()
            count, batch = count + len(batch), []
    if batch:
        async with sessionmaker() as session:
            await bulk_insert(session, table, batch)
            await session.commit()
    return count + len(batch)


def _registry_rows(rng: random.Random, world: SubDistrict, now: datetime) -> dict[str, list[Any]]:
    today = now.astimezone(SHANGHAI).date()
    first = today - timedelta(days=DAYS - 1)
    long_ago = local(first - timedelta(days=30), 9)
    rows: dict[str, list[Any]] = {name: [] for name in (
        "community", "compound", "building", "household", "person", "gate", "screening_round",
        "screening", "quarantine", "follow_up", "referral", "returnee", "gate_visitor",
    )}  # fmt: skip
    for c in range(COMMUNITIES):
        cid = uuid.uuid4()
        world.community_ids.append(cid)
        rows["community"].append(
            {"id": cid, "name": f"街道{c + 1:02d}社区", "subdistrict": "测试街道"}
        )
        compound = uuid.uuid4()
        rows["compound"].append({"id": compound, "community_id": cid, "name": "东苑"})
        world.gates[cid] = [uuid.uuid4(), uuid.uuid4()]
        for n, gate in enumerate(world.gates[cid]):
            rows["gate"].append({"id": gate, "community_id": cid, "name": f"{n + 1}号门"})
        round_id = uuid.uuid4()
        rows["screening_round"].append({
            "id": round_id, "community_id": cid, "number": 1, "started_by": "bench",
            "started_at": local(today - timedelta(days=3), 8),
        })  # fmt: skip
        world.households[cid] = []
        building = uuid.uuid4()
        for h in range(HOUSEHOLDS):
            if h % PER_BUILDING == 0:
                building = uuid.uuid4()
                rows["building"].append({
                    "id": building, "community_id": cid, "compound_id": compound,
                    "name": f"{h // PER_BUILDING + 1}栋",
                })  # fmt: skip
            hid = uuid.uuid4()
            world.households[cid].append(hid)
            in_building = h % PER_BUILDING
            rows["household"].append({
                "id": hid, "community_id": cid, "building_id": building,
                "unit": 1 + in_building // 50, "floor": 1 + in_building % 50 // 5,
                "room": f"{1 + in_building % 50 // 5}{in_building % 5 + 1:02d}",
                "card_number": f"R{c:02d}{h:06d}", "status": "normal",
                "created_at": long_ago, "updated_at": long_ago,
            })  # fmt: skip
            world.people[hid] = [uuid.uuid4(), uuid.uuid4()]
            for p, pid in enumerate(world.people[hid]):
                rows["person"].append({
                    "id": pid, "community_id": cid, "household_id": hid,
                    "name": f"居民{h}-{p}", "relation": "户主" if p == 0 else "配偶",
                    "created_at": long_ago,
                })  # fmt: skip
            if rng.random() < 0.8:  # screened in the last three days
                at = now - timedelta(seconds=rng.uniform(0, 3 * 86400))
                rows["screening"].append({
                    "id": uuid.uuid4(), "client_id": uuid.uuid4(), "community_id": cid,
                    "round_id": round_id, "household_id": hid, "method": "door",
                    "outcome": "reached", "risk_level": rng.choice(RISKS),
                    "screened_by": "bench", "screened_at": at,
                })  # fmt: skip
            if h % 20 == 0:  # 5 % of households at home, the older half released
                _quarantine(rng, rows, cid, hid, world.people[hid], today, now)
        for _ in range(100):
            _returnee_and_visitors(rng, rows, cid, world.gates[cid][0], now)
    return rows


def _quarantine(
    rng: random.Random, rows: dict[str, list[Any]], cid: uuid.UUID, hid: uuid.UUID,
    people: list[uuid.UUID], today: date, now: datetime,
) -> None:  # fmt: skip
    start = today - timedelta(days=rng.randint(0, 20))
    released = start < today - timedelta(days=14)
    qid = uuid.uuid4()
    rows["quarantine"].append({
        "id": qid, "client_id": uuid.uuid4(), "community_id": cid, "household_id": hid,
        "person_id": None if rng.random() < 0.8 else people[0],
        "kind": "home" if rng.random() < 0.85 else "centralized", "start_date": start,
        "planned_end_date": start + timedelta(days=14),
        "status": "released" if released else "active", "created_by": "bench",
        "created_at": local(start, 9),
        "released_at": local(start + timedelta(days=14), 10) if released else None,
    })  # fmt: skip
    for day in range(14):
        for hour, period in ((8, "morning"), (18, "evening")):
            at = local(start + timedelta(days=day), hour, rng.randint(0, 59))
            if at > now or (released and day > 13):
                continue
            rows["follow_up"].append({
                "id": uuid.uuid4(), "client_id": uuid.uuid4(), "quarantine_id": qid,
                "community_id": cid, "person_id": people[0], "checked_at": at,
                "local_date": start + timedelta(days=day), "period": period,
                "temperature": 36.6, "recorded_by": "bench", "created_at": at,
            })  # fmt: skip
    if rng.random() < 0.1:
        opened = local(start + timedelta(days=1), 9)
        rows["referral"].append({
            "id": uuid.uuid4(), "community_id": cid, "household_id": hid,
            "person_id": people[0], "quarantine_id": qid, "temperature": 37.8,
            "status": "closed" if released else "open", "opened_at": opened,
            "closed_at": opened + timedelta(hours=5) if released else None,
            "outcome": "ruled_out" if released else None,
        })  # fmt: skip


def _returnee_and_visitors(
    rng: random.Random, rows: dict[str, list[Any]], cid: uuid.UUID, gate: uuid.UUID, now: datetime
) -> None:
    at = now - timedelta(seconds=rng.uniform(0, DAYS * 86400))
    rows["returnee"].append({
        "id": uuid.uuid4(), "client_id": uuid.uuid4(), "community_id": cid, "name": "返乡人员",
        "from_city": "武汉", "transport": "train", "arrival_date": at.date(),
        "watch_until": at.date() + timedelta(days=14), "created_by": "bench", "created_at": at,
    })  # fmt: skip
    for _ in range(5):
        rows["gate_visitor"].append({
            "id": uuid.uuid4(), "client_id": uuid.uuid4(), "community_id": cid,
            "gate_id": gate, "kind": "courier", "name": "快递员", "temperature": 36.5,
            "logged_by": "bench",
            "registered_at": now - timedelta(seconds=rng.uniform(0, DAYS * 86400)),
        })  # fmt: skip


def _gate_logs(rng: random.Random, world: SubDistrict, now: datetime) -> Iterator[dict[str, Any]]:
    start = local(now.astimezone(SHANGHAI).date() - timedelta(days=DAYS - 1))
    span = (now - start).total_seconds()
    # in time order, as gates write them (phones syncing late move a few, not the whole table)
    for offset in sorted(rng.random() * span for _ in range(GATE_LOGS)):
        cid = world.community_ids[rng.randrange(COMMUNITIES)]
        at = start + timedelta(seconds=offset)
        deny = rng.random() < 0.04
        reason = rng.choice(REASONS) if deny else None
        yield {
            "id": uuid.uuid4(), "client_id": uuid.uuid4(), "community_id": cid,
            "gate_id": world.gates[cid][rng.randrange(2)],
            "household_id": world.households[cid][rng.randrange(HOUSEHOLDS)],
            "direction": "out" if rng.random() < 0.5 else "in", "temperature": 36.5,
            "mask": True, "verdict": "deny" if deny else "allow", "reason": reason,
            "fever": reason == "fever", "logged_by": "bench", "occurred_at": at, "received_at": at,
        }  # fmt: skip


async def seed_registry(url: str, now: datetime) -> SubDistrict:
    rng = random.Random(2020)
    world = SubDistrict()
    metadata = registry.models.Base.metadata
    engine = make_engine(url)
    try:
        sessionmaker = make_sessionmaker(engine)
        for name, rows in _registry_rows(rng, world, now).items():
            await _insert(sessionmaker, _table(metadata, name), iter(rows))
        days = days_for(engine)
        if days is not None:  # as in service: every day kept has its partition
            today = now.astimezone(SHANGHAI).date()
            await days.make_days([today - timedelta(days=n) for n in range(DAYS)])
        await _insert(sessionmaker, _table(metadata, "gate_log"), _gate_logs(rng, world, now))
        await analyze(engine)
    finally:
        await engine.dispose()
    return world


def seed(stack: Stack, registry_url: str, now: datetime) -> SubDistrict:
    world = asyncio.run(seed_registry(registry_url, now))
    asyncio.run(seed_supplies(supplies_url(stack), world, now))
    return world
