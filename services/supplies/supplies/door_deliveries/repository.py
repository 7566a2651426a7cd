"""Queries of the door deliveries of a round: plain rows through the driver (a round can hold
thousands; see shouhu_common/driver_reads.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.database import UUID
from shouhu_common.driver_reads import DriverSelect
from supplies.delivery_rounds.models import DeliveryRound
from supplies.grid_areas.scope import GridScope
from supplies.orders.models import DeliveryMode, HouseholdOrder, OrderLine, OrderStatus

DROPPED = (OrderStatus.rejected, OrderStatus.cancelled)


def _not_dropped() -> list[ColumnElement[bool]]:
    # not `status NOT IN (…)`: a driver select takes no expanding list
    return [HouseholdOrder.status != status for status in DROPPED]


def _door_orders_select() -> DriverSelect:
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
    ).where(
        o.community_id == bindparam("community_id", type_=UUID),
        o.round_id == bindparam("round_id", type_=UUID),
        o.delivery_mode == DeliveryMode.door,
        *_not_dropped(),
    )
    return DriverSelect(query)


def _door_order_lines_select() -> DriverSelect:
    o = HouseholdOrder
    query = (
        select(OrderLine.order_id, OrderLine.item_name, OrderLine.unit, OrderLine.quantity)
        .join(o, (o.community_id == OrderLine.community_id) & (o.id == OrderLine.order_id))
        .where(
            o.community_id == bindparam("community_id", type_=UUID),
            o.round_id == bindparam("round_id", type_=UUID),
            o.delivery_mode == DeliveryMode.door,
            *_not_dropped(),
        )
        .order_by(OrderLine.order_id, OrderLine.position)
    )
    return DriverSelect(query)


_DOOR_ORDERS = _door_orders_select()
_DOOR_ORDER_LINES = _door_order_lines_select()


async def door_orders(session: AsyncSession, found: DeliveryRound) -> Sequence[tuple[Any, ...]]:
    """(id, household_id, partner_id, compound, building, unit, floor, room, status,
    door_reason, carrier, handed_over_at) of the round's door deliveries."""
    return await _DOOR_ORDERS.rows(session, community_id=found.community_id, round_id=found.id)


async def door_order_lines(
    session: AsyncSession, found: DeliveryRound
) -> Sequence[tuple[Any, ...]]:
    """(order_id, item_name, unit, quantity) of those orders, by order and position."""
    return await _DOOR_ORDER_LINES.rows(session, community_id=found.community_id, round_id=found.id)


async def assign_carrier(
    session: AsyncSession,
    found: DeliveryRound,
    compound: str,
    building: str,
    unit: int | None,
    carrier: str,
    grid: GridScope,
) -> int:
    o = HouseholdOrder
    query = update(o).where(
        o.community_id == found.community_id,
        o.round_id == found.id,
        o.delivery_mode == DeliveryMode.door,
        o.status.not_in(DROPPED),
        o.compound == compound,
        o.building == building,
        grid.households(o.household_id),
    )
    if unit is not None:
        query = query.where(o.unit == unit)
    result = await session.execute(
        query.values(carrier=carrier).execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
