"""Queries of household orders, their lines, shortages and timeline, and the partner feed."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from supplies.delivery_rounds.models import DeliveryRound
from supplies.grid_areas.scope import UNBOUNDED, GridScope
from supplies.orders.models import (
    HouseholdOrder,
    OrderLine,
    OrderShortage,
    OrderStatus,
    OrderTimelineEntry,
    PartnerOrderFeed,
)


@dataclass(frozen=True, slots=True)
class OrderFilter:
    community_ids: Sequence[uuid.UUID] | None
    household_id: uuid.UUID | None = None
    partner_id: uuid.UUID | None = None
    round_id: uuid.UUID | None = None
    status: OrderStatus | None = None
    grid: GridScope = UNBOUNDED  # a grid worker: only the households of their grid


def _filtered(query: Select[Any], flt: OrderFilter) -> Select[Any]:
    if flt.grid.bounded:
        query = query.where(flt.grid.households(HouseholdOrder.household_id))
    if flt.community_ids is not None:
        query = query.where(HouseholdOrder.community_id.in_(flt.community_ids))
    if flt.household_id is not None:
        query = query.where(HouseholdOrder.household_id == flt.household_id)
    if flt.partner_id is not None:
        query = query.where(HouseholdOrder.partner_id == flt.partner_id)
    if flt.round_id is not None:
        query = query.where(HouseholdOrder.round_id == flt.round_id)
    if flt.status is not None:
        query = query.where(HouseholdOrder.status == flt.status)
    return query


async def get_order(session: AsyncSession, order_id: uuid.UUID) -> HouseholdOrder | None:
    return await session.get(HouseholdOrder, order_id, populate_existing=True)


async def count_orders(session: AsyncSession, flt: OrderFilter) -> int:
    query = _filtered(select(func.count(HouseholdOrder.id)), flt)
    return int((await session.execute(query)).scalar_one())


async def list_orders(
    session: AsyncSession, flt: OrderFilter, limit: int, offset: int
) -> Sequence[HouseholdOrder]:
    query = _filtered(select(HouseholdOrder), flt).order_by(
        HouseholdOrder.created_at.desc(), HouseholdOrder.id
    )
    return (await session.scalars(query.limit(limit).offset(offset))).all()


async def lines_of(
    session: AsyncSession, community_ids: Collection[uuid.UUID], order_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    """Order lines as plain rows, by order (of orders in `community_ids`)."""
    out: dict[uuid.UUID, list[Any]] = defaultdict(list)
    if order_ids:
        t = OrderLine.__table__
        query = (
            select(t)
            .where(t.c.community_id.in_(set(community_ids)), t.c.order_id.in_(order_ids))
            .order_by(t.c.order_id, t.c.position)
        )
        for line in (await session.execute(query)).all():
            out[line.order_id].append(line)
    return out


async def shortages_of(
    session: AsyncSession, community_ids: Collection[uuid.UUID], order_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    out: dict[uuid.UUID, list[Any]] = defaultdict(list)
    if order_ids:
        t = OrderShortage.__table__
        query = (
            select(t)
            .where(t.c.community_id.in_(set(community_ids)), t.c.order_id.in_(order_ids))
            .order_by(t.c.reported_at)
        )
        for shortage in (await session.execute(query)).all():
            out[shortage.order_id].append(shortage)
    return out


async def rounds_of(
    session: AsyncSession, community_ids: Collection[uuid.UUID], round_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Any]:
    if not round_ids:
        return {}
    t = DeliveryRound.__table__
    query = select(t.c.id, t.c.delivery_date, t.c.local_time).where(
        t.c.community_id.in_(set(community_ids)), t.c.id.in_(set(round_ids))
    )
    return {r.id: r for r in (await session.execute(query)).all()}


async def timeline(
    session: AsyncSession, community_id: uuid.UUID, order_id: uuid.UUID
) -> Sequence[OrderTimelineEntry]:
    query = (
        select(OrderTimelineEntry)
        .where(
            OrderTimelineEntry.community_id == community_id,
            OrderTimelineEntry.order_id == order_id,
        )
        .order_by(OrderTimelineEntry.at, OrderTimelineEntry.id)
    )
    return (await session.scalars(query)).all()


async def next_feed_position(
    session: AsyncSession, community_id: uuid.UUID, partner_id: uuid.UUID
) -> int:
    """Raises the partner's feed position and returns it. Call it last before the commit: it
    holds the partner's feed row until then."""
    for _ in range(2):
        seq = await session.scalar(
            update(PartnerOrderFeed)
            .where(
                PartnerOrderFeed.community_id == community_id,
                PartnerOrderFeed.partner_id == partner_id,
            )
            .values(last_seq=PartnerOrderFeed.last_seq + 1)
            .returning(PartnerOrderFeed.last_seq)
        )
        if seq is not None:
            return int(seq)
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        await session.execute(
            dialect.insert(PartnerOrderFeed)
            .values(community_id=community_id, partner_id=partner_id, last_seq=0)
            .on_conflict_do_nothing()
        )
    raise RuntimeError("the partner feed row could not be created")


async def change_status(
    session: AsyncSession,
    order: HouseholdOrder,
    expected: OrderStatus,
    values: dict[str, Any],
) -> bool:
    """Moves the order only if it is still in `expected`: two racing changes cannot both win."""
    result = await session.execute(
        update(HouseholdOrder)
        .where(
            HouseholdOrder.community_id == order.community_id,
            HouseholdOrder.id == order.id,
            HouseholdOrder.status == expected,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def orders_for_delivery_change(
    session: AsyncSession,
    household_id: uuid.UUID,
    statuses: Sequence[OrderStatus],
    delivered_since: datetime,
) -> Sequence[HouseholdOrder]:
    """Open orders of a household, plus those left at the gate since `delivered_since`. By the
    household alone, not the registry's community: an order staff placed with an address they
    typed names the partner's community, and it must follow the household to the door too."""
    query = select(HouseholdOrder).where(
        HouseholdOrder.household_id == household_id,
        HouseholdOrder.status.in_(statuses)
        | (
            (HouseholdOrder.status == OrderStatus.delivered_gate)
            & (HouseholdOrder.updated_at >= delivered_since)
        ),
    )
    return (await session.scalars(query)).all()


def add_timeline(
    session: AsyncSession,
    entry: OrderTimelineEntry,
) -> None:
    session.add(entry)


def _row(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


async def insert_order(
    session: AsyncSession,
    order: HouseholdOrder,
    lines: Sequence[OrderLine],
    entry: OrderTimelineEntry,
) -> None:
    """Three plain INSERTs: the placement hot path skips the unit of work (the objects are only
    read back for the answer)."""
    await session.execute(insert(HouseholdOrder), [_row(order)])
    await session.execute(insert(OrderLine), [_row(line) for line in lines])
    await session.execute(insert(OrderTimelineEntry), [_row(entry)])
