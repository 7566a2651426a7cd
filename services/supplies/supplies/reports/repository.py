"""Aggregate queries behind the supplies figures: one GROUP BY community per kind of record over a
local day [start, end) in UTC, on indexed time columns."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from supplies.community_stock.models import MovementKind, StockItem, StockMovement
from supplies.delivery_rounds.models import DeliveryRound
from supplies.distributions.models import Distribution, DistributionReceipt
from supplies.orders.models import (
    DeliveryMode,
    HouseholdOrder,
    OrderStatus,
    OrderTimelineEntry,
    TimelineKind,
)

Ids = Sequence[uuid.UUID] | None  # None: every community (admin)
DELIVERED = (OrderStatus.delivered_gate, OrderStatus.delivered_door)
WITHDRAWN = (OrderStatus.rejected, OrderStatus.cancelled)


AnySelect = Select[*tuple[Any, ...]]


def _in(query: AnySelect, column: Any, ids: Ids) -> AnySelect:
    return query if ids is None else query.where(column.in_(ids))


def _sum_of(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


async def orders_placed(
    session: AsyncSession, ids: Ids, start: datetime, end: datetime
) -> dict[uuid.UUID, int]:
    query = select(HouseholdOrder.community_id, func.count(HouseholdOrder.id)).where(
        HouseholdOrder.created_at >= start, HouseholdOrder.created_at < end
    )
    query = _in(query, HouseholdOrder.community_id, ids).group_by(HouseholdOrder.community_id)
    return {c: int(n) for c, n in (await session.execute(query)).all()}


def _delivery_entries(ids: Ids, start: datetime, end: datetime) -> AnySelect:
    entry = OrderTimelineEntry
    query = select(entry.community_id, entry.order_id, entry.status).where(
        entry.status.in_(DELIVERED),
        entry.at >= start,
        entry.at < end,
        entry.kind == TimelineKind.status,
    )
    return _in(query, entry.community_id, ids)


async def deliveries(
    session: AsyncSession, ids: Ids, start: datetime, end: datetime
) -> dict[uuid.UUID, tuple[int, int, int]]:
    """Orders delivered in [start, end) from their timelines: (any, at the gate, at the door)."""
    entries = _delivery_entries(ids, start, end).subquery()
    query = select(
        entries.c.community_id,
        func.count(distinct(entries.c.order_id)),
        _sum_of(entries.c.status == OrderStatus.delivered_gate),
        _sum_of(entries.c.status == OrderStatus.delivered_door),
    ).group_by(entries.c.community_id)
    return {c: (int(n), int(g), int(d)) for c, n, g, d in (await session.execute(query)).all()}


async def rounds_progress(session: AsyncSession, ids: Ids, day: date) -> Sequence[Any]:
    """(community_id, round id, local time, delivers_at, orders, undelivered) of `day`'s rounds.
    A door order left at the gate is not delivered until it reaches the door."""
    order = HouseholdOrder
    kept = and_(order.id.is_not(None), order.status.not_in(WITHDRAWN))
    undelivered = and_(
        kept,
        or_(
            order.status.not_in(DELIVERED),
            and_(
                order.delivery_mode == DeliveryMode.door,
                order.status == OrderStatus.delivered_gate,
            ),
        ),
    )
    query = (
        select(
            DeliveryRound.community_id,
            DeliveryRound.id,
            DeliveryRound.local_time,
            DeliveryRound.delivers_at,
            _sum_of(kept),
            _sum_of(undelivered),
        )
        .outerjoin(
            order,
            (order.community_id == DeliveryRound.community_id)
            & (order.round_id == DeliveryRound.id),
        )
        .where(DeliveryRound.delivery_date == day)
    )
    query = _in(query, DeliveryRound.community_id, ids).group_by(
        DeliveryRound.community_id,
        DeliveryRound.id,
        DeliveryRound.local_time,
        DeliveryRound.delivers_at,
    )
    return (await session.execute(query.order_by(DeliveryRound.delivers_at))).all()


async def stock_distributed(
    session: AsyncSession, ids: Ids, start: datetime, end: datetime
) -> Sequence[Any]:
    """(community_id, item id, name, unit, quantity given out) in [start, end)."""
    query = (
        select(
            StockItem.community_id,
            StockItem.id,
            StockItem.name,
            StockItem.unit,
            -func.sum(StockMovement.quantity),
        )
        .join(
            StockItem,
            (StockItem.community_id == StockMovement.community_id)
            & (StockItem.id == StockMovement.stock_item_id),
        )
        .where(
            StockMovement.kind == MovementKind.distributed,
            StockMovement.recorded_at >= start,
            StockMovement.recorded_at < end,
        )
    )
    query = _in(query, StockItem.community_id, ids).group_by(
        StockItem.community_id, StockItem.id, StockItem.name, StockItem.unit
    )
    return (await session.execute(query.order_by(StockItem.name))).all()


async def households_reached(
    session: AsyncSession, ids: Ids, start: datetime, end: datetime
) -> dict[uuid.UUID, int]:
    query = (
        select(Distribution.community_id, func.count(distinct(DistributionReceipt.household_id)))
        .join(
            Distribution,
            (Distribution.community_id == DistributionReceipt.community_id)
            & (Distribution.id == DistributionReceipt.distribution_id),
        )
        .where(DistributionReceipt.received_at >= start, DistributionReceipt.received_at < end)
    )
    query = _in(query, Distribution.community_id, ids).group_by(Distribution.community_id)
    return {c: int(n) for c, n in (await session.execute(query)).all()}


async def delivery_hours(
    session: AsyncSession, community_id: uuid.UUID, bounds: Sequence[datetime]
) -> dict[int, int]:
    """Orders delivered per hour index of `bounds` (UTC instants of the local hours)."""
    hour = case(
        *[(OrderTimelineEntry.at < b, i) for i, b in enumerate(bounds[1:-1])],
        else_=len(bounds) - 2,
    ).label("hour")
    entries = _delivery_entries([community_id], bounds[0], bounds[-1]).add_columns(hour).subquery()
    query = select(entries.c.hour, func.count(distinct(entries.c.order_id))).group_by(
        entries.c.hour
    )
    return {int(h): int(n) for h, n in (await session.execute(query)).all()}
