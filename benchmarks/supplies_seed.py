"""Bulk rows for the supplies benchmarks, written straight into the stack's supplies database
(SQLAlchemy Core executemany): the 100,000 orders of the partner feed and the 5,000 door orders
of one round would take minutes through the API. The measurements themselves go through the
gateway."""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, text

import supplies.models  # noqa: F401  (the whole metadata: foreign keys give columns their types)
from benchmarks.harness import Stack
from shouhu_common.database import make_engine
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, demo_household_id, demo_partner_id
from supplies.catalog.models import CatalogItem
from supplies.delivery_rounds.models import DeliveryRound
from supplies.orders.models import HouseholdOrder, OrderLine, PartnerOrderFeed

CHUNK = 2000


def supplies_url(stack: Stack) -> str:
    urls = getattr(stack, "urls", None)
    if isinstance(urls, dict):
        return str(urls["supplies"])
    return f"sqlite+aiosqlite:///{stack.data_dir / 'supplies.db'}"


def _round(day_offset: int, label: str) -> dict[str, Any]:
    delivers_at = (datetime.now(UTC) + timedelta(days=day_offset)).replace(microsecond=0)
    return {
        "id": uuid.uuid4(),
        "community_id": DEMO_COMMUNITY_ID,
        "delivery_date": delivers_at.date(),
        "local_time": label,
        "delivers_at": delivers_at,
        "cutoff_at": delivers_at - timedelta(hours=2),
        "capacity_per_partner": 1_000_000,
        "closed": False,
        "created_at": datetime.now(UTC),
    }


def _order(
    rng: random.Random, round_id: uuid.UUID, partner: str, seq: int, door: bool
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    order_id = uuid.uuid4()
    now = datetime.now(UTC)
    lines = [
        {
            "id": uuid.uuid4(),
            "community_id": DEMO_COMMUNITY_ID,
            "order_id": order_id,
            "item_id": item_id,
            "item_name": name,
            "unit": "斤",
            "unit_price_fen": 150,
            "quantity": rng.randint(1, 4),
            "line_total_fen": 300,
            "position": n,
        }
        for n, (item_id, name) in enumerate(rng.sample(ITEMS[partner], 2))
    ]
    order = {
        "id": order_id,
        "community_id": DEMO_COMMUNITY_ID,
        "household_id": demo_household_id(rng.randint(1, 600)),
        "partner_id": demo_partner_id(partner),
        "round_id": round_id,
        "status": "placed",
        "delivery_mode": "door" if door else "gate",
        "door_reason": "居家隔离 home quarantine" if door else "",
        "compound": rng.choice(("东苑", "西苑")),
        "building": f"{rng.randint(1, 20)}栋",
        "unit": rng.randint(1, 3),
        "floor": rng.randint(1, 18),
        "room": f"{rng.randint(1, 18)}0{rng.randint(1, 4)}",
        "placed_by": "bench",
        "placed_by_role": "staff",
        "on_behalf": True,
        "note": "",
        "reason": "",
        "total_fen": 600,
        "refunded_fen": 0,
        "change_seq": seq,
        "group_buy_id": None,
        "carrier": "",
        "handed_over_by": "",
        "handed_over_at": None,
        "created_at": now,
        "updated_at": now,
    }
    return order, lines


ITEMS: dict[str, list[tuple[uuid.UUID, str]]] = {}


async def _seed(
    url: str, partners: list[str], orders: int, door: bool
) -> tuple[str, dict[str, int]]:
    engine = make_engine(url)
    rng = random.Random(len(partners) * 7919 + orders)
    seqs: dict[str, int] = {}
    try:
        async with engine.begin() as conn:
            for partner in partners:
                pid = demo_partner_id(partner)
                rows = await conn.execute(
                    select(CatalogItem.id, CatalogItem.name).where(CatalogItem.partner_id == pid)
                )
                ITEMS[partner] = [(i, n) for i, n in rows.all()]
                last = await conn.scalar(
                    select(PartnerOrderFeed.last_seq).where(PartnerOrderFeed.partner_id == pid)
                )
                seqs[partner] = int(last or 0)
            round_row = _round(3 if door else 4, "bench")
            await conn.execute(insert(DeliveryRound), [round_row])
        for start in range(0, orders, CHUNK):
            order_rows, line_rows = [], []
            for _ in range(min(CHUNK, orders - start)):
                partner = rng.choice(partners)
                seqs[partner] += 1
                order, lines = _order(rng, round_row["id"], partner, seqs[partner], door)
                order_rows.append(order)
                line_rows += lines
            async with engine.begin() as conn:
                await conn.execute(insert(HouseholdOrder), order_rows)
                await conn.execute(insert(OrderLine), line_rows)
        async with engine.begin() as conn:
            for partner, seq in seqs.items():
                pid = demo_partner_id(partner)
                await conn.execute(
                    delete(PartnerOrderFeed).where(PartnerOrderFeed.partner_id == pid)
                )
                row = {"community_id": DEMO_COMMUNITY_ID, "partner_id": pid, "last_seq": seq}
                await conn.execute(insert(PartnerOrderFeed), [row])
        if engine.dialect.name == "postgresql":
            # What autovacuum does within a minute of a bulk load: without statistics the
            # planner scans order_line whole instead of using its index.
            async with engine.connect() as conn:
                await conn.execute(text("ANALYZE household_order"))
                await conn.execute(text("ANALYZE order_line"))
                await conn.commit()
        return str(round_row["id"]), seqs
    finally:
        await engine.dispose()


def seed_orders(
    stack: Stack, partners: list[str], orders: int, *, door: bool
) -> tuple[str, dict[str, int]]:
    """Inserts `orders` orders (two lines each) into a new round, continuing each partner's feed
    positions; returns the round id and each partner's last feed position."""
    return asyncio.run(_seed(supplies_url(stack), partners, orders, door))
