"""The supplies side of the daily report benchmark's sub-district: per community a partner, two
delivery rounds a day for 14 days with 100 orders each (delivered, cancelled, rejected or still
on the way, with their timelines), community stock, and two distributions to every household."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, Protocol

import supplies.models
from benchmarks.reports_rows import DAYS, SHANGHAI, analyze, complete, local
from shouhu_common.database import bulk_insert, make_engine, make_sessionmaker

ORDERS_PER_ROUND = 100
ROUND_HOURS = (10, 16)
ITEMS = (("口罩", "只", 5), ("84消毒液", "瓶", 1), ("喷壶", "个", 1))


class World(Protocol):
    community_ids: list[uuid.UUID]
    households: dict[uuid.UUID, list[uuid.UUID]]


def _order(
    rng: random.Random, cid: uuid.UUID, hid: uuid.UUID, partner: uuid.UUID,
    round_id: uuid.UUID, delivers_at: datetime, now: datetime, seq: int,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:  # fmt: skip
    oid = uuid.uuid4()
    created = delivers_at - timedelta(hours=rng.uniform(3, 20))
    door = rng.random() < 0.2
    roll = rng.random()
    timeline = [("placed", created)]
    if roll < 0.05:
        status = "cancelled"
        timeline.append(("cancelled", created + timedelta(minutes=20)))
    elif roll < 0.08:
        status = "rejected"
        timeline.append(("rejected", created + timedelta(minutes=30)))
    else:
        delivered = delivers_at + timedelta(minutes=rng.uniform(0, 120))
        status = "accepted"
        if delivered <= now:
            status = "delivered_door" if door else "delivered_gate"
            timeline.append((status, delivered))
        elif delivers_at <= now:
            status = "out_for_delivery"
    order = {
        "id": oid, "community_id": cid, "household_id": hid, "partner_id": partner,
        "round_id": round_id, "status": status, "delivery_mode": "door" if door else "gate",
        "compound": "东苑", "building": "1栋", "unit": 1, "floor": 1, "room": "101",
        "placed_by": "bench", "placed_by_role": "resident", "total_fen": 3000,
        "change_seq": seq, "created_at": created, "updated_at": timeline[-1][1],
    }  # fmt: skip
    entries = [
        {"id": uuid.uuid4(), "community_id": cid, "order_id": oid, "kind": "status",
         "status": s, "actor_role": "partner", "at": at}
        for s, at in timeline
    ]  # fmt: skip
    return order, entries


def _rows(rng: random.Random, world: World, now: datetime) -> Iterator[tuple[str, dict[str, Any]]]:
    today = now.astimezone(SHANGHAI).date()
    for cid in world.community_ids:
        partner = uuid.uuid4()
        yield (
            "partner",
            {"id": partner, "community_id": cid, "name": "平价超市", "kind": "supermarket"},
        )
        seq = 0
        for back in range(DAYS - 1, -1, -1):
            day = today - timedelta(days=back)
            for hour in ROUND_HOURS:
                rid, at = uuid.uuid4(), local(day, hour)
                yield "delivery_round", {
                    "id": rid, "community_id": cid, "delivery_date": day,
                    "local_time": f"{hour:02d}:00", "delivers_at": at,
                    "cutoff_at": at - timedelta(hours=2), "capacity_per_partner": 500,
                }  # fmt: skip
                for _ in range(ORDERS_PER_ROUND):
                    seq += 1
                    hid = rng.choice(world.households[cid])
                    order, entries = _order(rng, cid, hid, partner, rid, at, now, seq)
                    yield "household_order", order
                    for entry in entries:
                        yield "order_timeline", entry
        yield from _stock(rng, world, cid, now)


def _stock(
    rng: random.Random, world: World, cid: uuid.UUID, now: datetime
) -> Iterator[tuple[str, dict[str, Any]]]:
    items = []
    for name, unit, each in ITEMS:
        iid = uuid.uuid4()
        items.append((iid, each))
        yield "stock_item", {"id": iid, "community_id": cid, "name": name, "unit": unit}
        yield "stock_movement", {
            "id": uuid.uuid4(), "community_id": cid, "stock_item_id": iid, "kind": "received",
            "quantity": 100_000,
            "recorded_by": "bench", "recorded_at": now - timedelta(days=20),
        }  # fmt: skip
    for days_ago in (9, 1):
        did = uuid.uuid4()
        start = now - timedelta(days=days_ago)
        yield "distribution", {
            "id": did, "community_id": cid, "name": "防疫物资发放", "created_by": "bench",
            "created_at": start,
        }  # fmt: skip
        for iid, each in items[:2]:
            yield "distribution_share", {
                "community_id": cid, "distribution_id": did, "stock_item_id": iid,
                "quantity_per_household": each,
            }  # fmt: skip
        for hid in world.households[cid]:
            at = start + timedelta(seconds=rng.uniform(0, 8 * 3600))
            yield "distribution_receipt", {
                "id": uuid.uuid4(), "community_id": cid, "distribution_id": did,
                "household_id": hid,
                "recorded_by": "bench", "received_at": at,
            }  # fmt: skip
            for iid, each in items[:2]:
                yield "stock_movement", {
                    "id": uuid.uuid4(), "community_id": cid, "stock_item_id": iid,
                    "kind": "distributed",
                    "quantity": -each, "household_id": hid, "source_id": did,
                    "recorded_by": "bench", "recorded_at": at,
                }  # fmt: skip


async def seed_supplies(url: str, world: World, now: datetime) -> None:
    metadata = supplies.models.Base.metadata
    rows: dict[str, list[dict[str, Any]]] = {}
    for name, row in _rows(random.Random(2021), world, now):
        rows.setdefault(name, []).append(complete(metadata.tables[name], row))
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            for table in metadata.sorted_tables:  # parents first
                batch = rows.get(table.name, [])
                for start in range(0, len(batch), 20_000):
                    await bulk_insert(session, table, batch[start : start + 20_000])
            await session.commit()
        await analyze(engine)
    finally:
        await engine.dispose()
