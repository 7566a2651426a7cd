"""Queries of group-buys: membership of orders, sums per item, shares per household."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from supplies.group_buys.models import GroupBuy
from supplies.orders.models import HouseholdOrder, OrderLine, OrderStatus

DROPPED = (OrderStatus.rejected, OrderStatus.cancelled)


async def get_group_buy(session: AsyncSession, group_buy_id: uuid.UUID) -> GroupBuy | None:
    return await session.get(GroupBuy, group_buy_id, populate_existing=True)


async def group_buys_of_round(session: AsyncSession, round_id: uuid.UUID) -> list[GroupBuy]:
    query = select(GroupBuy).where(GroupBuy.round_id == round_id).order_by(GroupBuy.created_at)
    return list((await session.scalars(query)).all())


async def list_group_buys(
    session: AsyncSession,
    community_ids: Sequence[uuid.UUID] | None,
    partner_id: uuid.UUID | None,
    round_id: uuid.UUID | None,
) -> Sequence[GroupBuy]:
    query = select(GroupBuy).order_by(GroupBuy.created_at.desc()).limit(200)
    if community_ids is not None:
        query = query.where(GroupBuy.community_id.in_(community_ids))
    if partner_id is not None:
        query = query.where(GroupBuy.partner_id == partner_id)
    if round_id is not None:
        query = query.where(GroupBuy.round_id == round_id)
    return (await session.scalars(query)).all()


async def partners_with_ungrouped_orders(
    session: AsyncSession, round_id: uuid.UUID
) -> list[uuid.UUID]:
    query = (
        select(HouseholdOrder.partner_id)
        .where(
            HouseholdOrder.round_id == round_id,
            HouseholdOrder.group_buy_id.is_(None),
            HouseholdOrder.status.not_in(DROPPED),
        )
        .distinct()
    )
    return list((await session.scalars(query)).all())


async def join_orders(
    session: AsyncSession, round_id: uuid.UUID, partner_id: uuid.UUID, group_buy_id: uuid.UUID
) -> int:
    result = await session.execute(
        update(HouseholdOrder)
        .where(
            HouseholdOrder.round_id == round_id,
            HouseholdOrder.partner_id == partner_id,
            HouseholdOrder.group_buy_id.is_(None),
            HouseholdOrder.status.not_in(DROPPED),
        )
        .values(group_buy_id=group_buy_id)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def totals(
    session: AsyncSession, group_buy_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[int, int]]:
    """(orders, total in fen) per group-buy, counting only orders still live."""
    if not group_buy_ids:
        return {}
    query = (
        select(
            HouseholdOrder.group_buy_id,
            func.count(HouseholdOrder.id),
            func.coalesce(func.sum(HouseholdOrder.total_fen - HouseholdOrder.refunded_fen), 0),
        )
        .where(
            HouseholdOrder.group_buy_id.in_(group_buy_ids),
            HouseholdOrder.status.not_in(DROPPED),
        )
        .group_by(HouseholdOrder.group_buy_id)
    )
    rows = (await session.execute(query)).all()
    return {g: (int(n), int(t)) for g, n, t in rows if g is not None}


async def summed_lines(session: AsyncSession, group_buy_id: uuid.UUID) -> Sequence[Any]:
    query = (
        select(
            OrderLine.item_id,
            OrderLine.item_name,
            OrderLine.unit,
            OrderLine.unit_price_fen,
            func.sum(OrderLine.quantity),
            func.sum(OrderLine.line_total_fen),
        )
        .join(
            HouseholdOrder,
            (HouseholdOrder.community_id == OrderLine.community_id)
            & (HouseholdOrder.id == OrderLine.order_id),
        )
        .where(HouseholdOrder.group_buy_id == group_buy_id, HouseholdOrder.status.not_in(DROPPED))
        .group_by(OrderLine.item_id, OrderLine.item_name, OrderLine.unit, OrderLine.unit_price_fen)
        .order_by(OrderLine.item_name)
    )
    return (await session.execute(query)).all()


async def member_orders(session: AsyncSession, group_buy_id: uuid.UUID) -> Sequence[HouseholdOrder]:
    query = (
        select(HouseholdOrder)
        .where(HouseholdOrder.group_buy_id == group_buy_id, HouseholdOrder.status.not_in(DROPPED))
        .order_by(
            HouseholdOrder.compound,
            HouseholdOrder.building,
            HouseholdOrder.unit,
            HouseholdOrder.floor,
            HouseholdOrder.room,
        )
    )
    return (await session.scalars(query)).all()
