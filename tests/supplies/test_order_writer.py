"""The order writer (group commit) on its own: an order it refuses, because an item ran short
or its Idempotency-Key was taken meanwhile, leaves nothing behind; the orders beside it in the
same batch are written. (Through the API these races are rare; here they are forced.)"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
from sqlalchemy import func, select

from shouhu_common.clock import utc_now
from shouhu_common.driver_writes import table_row
from supplies.catalog.models import CatalogItem
from supplies.delivery_rounds.models import RoundPartnerLoad
from supplies.idempotency.models import IdempotencyRecord
from supplies.orders.models import HouseholdOrder, OrderLine, OrderTimelineEntry, PartnerOrderFeed
from supplies.orders.writer import OrderWrite, OrderWriter, Refusal
from tests.conftest import Stack
from tests.supplies.builders import World, make_world, place


def _write(
    world: World, takes: list[tuple[uuid.UUID, int]], record: dict[str, Any] | None
) -> OrderWrite:
    now = utc_now()
    order_id = uuid.uuid4()
    order = table_row(
        HouseholdOrder.__table__,
        id=order_id,
        community_id=world.community_id,
        household_id=world.household_ids[0],
        partner_id=world.partner_id,
        round_id=world.round_id,
        compound="东苑",
        building="1栋",
        unit=1,
        floor=1,
        room="101",
        placed_by="user:test",
        placed_by_role="staff",
        on_behalf=True,
        total_fen=150,
        change_seq=0,
        created_at=now,
        updated_at=now,
    )
    lines = [
        table_row(
            OrderLine.__table__,
            id=uuid.uuid4(),
            community_id=world.community_id,
            order_id=order_id,
            item_id=item_id,
            item_name="菜",
            unit="斤",
            unit_price_fen=150,
            quantity=quantity,
            line_total_fen=150 * quantity,
            position=n,
        )
        for n, (item_id, quantity) in enumerate(takes)
    ]
    timeline = table_row(
        OrderTimelineEntry.__table__,
        id=uuid.uuid4(),
        community_id=world.community_id,
        order_id=order_id,
        kind="status",
        status="placed",
        actor_role="staff",
        at=now,
    )
    if record is not None:
        record = table_row(
            IdempotencyRecord.__table__, **record, resource_id=order_id, created_at=now
        )
    return OrderWrite(
        now=now,
        community_id=world.community_id,
        round_id=world.round_id,
        partner_id=world.partner_id,
        capacity=100,
        takes=sorted(takes),
        order=order,
        lines=lines,
        timeline=timeline,
        idempotency=record,
        deliveries=lambda _seq, _hooks: [],
    )


async def _state(stack: Stack, world: World) -> tuple[Any, ...]:
    async with stack.supplies.state.sessionmaker() as session:
        stock = (
            await session.execute(
                select(CatalogItem.id, CatalogItem.stock)
                .where(CatalogItem.partner_id == world.partner_id)
                .order_by(CatalogItem.id)
            )
        ).all()
        load = await session.scalar(
            select(RoundPartnerLoad.order_count).where(
                RoundPartnerLoad.round_id == world.round_id,
                RoundPartnerLoad.partner_id == world.partner_id,
            )
        )
        seq = await session.scalar(
            select(PartnerOrderFeed.last_seq).where(PartnerOrderFeed.partner_id == world.partner_id)
        )
        orders = await session.scalar(
            select(func.count())
            .select_from(HouseholdOrder)
            .where(HouseholdOrder.partner_id == world.partner_id)
        )
    return tuple(stock), load, seq, orders


class TestOrderWriter:
    async def test_refused_orders_leave_nothing_and_their_batch_neighbours_are_written(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        first = await place(client, world, key="first-order")
        assert first.status_code == 201, first.text
        async with stack.supplies.state.sessionmaker() as session:
            subject = await session.scalar(
                select(IdempotencyRecord.subject).where(IdempotencyRecord.key == "first-order")
            )
        writer: OrderWriter = stack.supplies.state.order_writer
        before = await _state(stack, world)
        cabbage, eggs = world.items
        short = _write(world, [(cabbage, 1), (eggs, 10_000)], None)
        taken = _write(
            world,
            [(cabbage, 2)],
            {"subject": subject, "key": "first-order", "operation": "orders.place",
             "request_hash": "x" * 64},
        )  # fmt: skip
        fine = _write(world, [(cabbage, 3)], None)
        outcomes = await asyncio.gather(*(writer.submit(w) for w in (short, taken, fine)))
        assert [o.refusal for o in outcomes] == [Refusal.out_of_stock, Refusal.key_taken, None]
        assert outcomes[0].item_id == eggs
        stock, load, seq, orders = await _state(stack, world)
        before_stock = dict(before[0])
        assert dict(stock) == {**before_stock, cabbage: before_stock[cabbage] - 3}
        assert (load, seq, orders) == (before[1] + 1, before[2] + 1, before[3] + 1)
        assert outcomes[2].change_seq == seq
