"""Queries of the door deliveries of a round (read as plain rows: a round can hold thousands)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from supplies.orders.models import DeliveryMode, HouseholdOrder, OrderLine, OrderStatus

DROPPED = (OrderStatus.rejected, OrderStatus.cancelled)


async def door_orders(session: AsyncSession, round_id: uuid.UUID) -> Sequence[Any]:
    o = HouseholdOrder
    query = select(
        o.id,
        o.household_id,
        o.partner_id,
        o.compound,
        o.building,
        o.unit,
        o.floor,
        o.room,
        o.status,
        o.door_reason,
        o.carrier,
        o.handed_over_at,
    ).where(o.round_id == round_id, o.delivery_mode == DeliveryMode.door, o.status.not_in(DROPPED))
    return (await session.execute(query)).all()


async def door_order_lines(session: AsyncSession, round_id: uuid.UUID) -> Sequence[Any]:
    o = HouseholdOrder
    query = (
        select(OrderLine.order_id, OrderLine.item_name, OrderLine.unit, OrderLine.quantity)
        .join(o, o.id == OrderLine.order_id)
        .where(
            o.round_id == round_id, o.delivery_mode == DeliveryMode.door, o.status.not_in(DROPPED)
        )
        .order_by(OrderLine.order_id, OrderLine.position)
    )
    return (await session.execute(query)).all()


async def assign_carrier(
    session: AsyncSession,
    round_id: uuid.UUID,
    compound: str,
    building: str,
    unit: int | None,
    carrier: str,
) -> int:
    o = HouseholdOrder
    query = update(o).where(
        o.round_id == round_id,
        o.delivery_mode == DeliveryMode.door,
        o.status.not_in(DROPPED),
        o.compound == compound,
        o.building == building,
    )
    if unit is not None:
        query = query.where(o.unit == unit)
    result = await session.execute(
        query.values(carrier=carrier).execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
