"""Queries of community stock items and their movement log."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from supplies.community_stock.models import StockItem, StockMovement
from supplies.grid_areas.scope import GridScope


async def get_item(session: AsyncSession, item_id: uuid.UUID) -> StockItem | None:
    return await session.get(StockItem, item_id)


async def find_item(session: AsyncSession, community_id: uuid.UUID, name: str) -> StockItem | None:
    query = select(StockItem).where(StockItem.community_id == community_id, StockItem.name == name)
    return (await session.scalars(query)).first()


async def list_items(
    session: AsyncSession, community_ids: Sequence[uuid.UUID] | None
) -> Sequence[StockItem]:
    query = select(StockItem).order_by(StockItem.name)
    if community_ids is not None:
        query = query.where(StockItem.community_id.in_(community_ids))
    return (await session.scalars(query.limit(500))).all()


async def balances(session: AsyncSession, items: Sequence[StockItem]) -> dict[uuid.UUID, int]:
    """On hand per item id."""
    if not items:
        return {}
    query = (
        select(StockMovement.stock_item_id, func.coalesce(func.sum(StockMovement.quantity), 0))
        .where(
            StockMovement.community_id.in_({i.community_id for i in items}),
            StockMovement.stock_item_id.in_([i.id for i in items]),
        )
        .group_by(StockMovement.stock_item_id)
    )
    found = {i: int(n) for i, n in (await session.execute(query)).all()}
    return {i.id: found.get(i.id, 0) for i in items}


async def lock_items(session: AsyncSession, items: Sequence[StockItem]) -> None:
    """Takes the withdrawal lock of each item, in id order (no deadlock between two callers)."""
    for item in sorted({i.id: i for i in items}.values(), key=lambda i: i.id):
        await session.execute(
            update(StockItem)
            .where(StockItem.community_id == item.community_id, StockItem.id == item.id)
            .values(lock_version=StockItem.lock_version + 1)
            .execution_options(synchronize_session=False)
        )


def add_movement(session: AsyncSession, movement: StockMovement) -> None:
    session.add(movement)


def _in_grid(grid: GridScope) -> ColumnElement[bool]:
    """Movements that name no household, or one of the grid's."""
    if not grid.bounded:
        return true()
    return or_(StockMovement.household_id.is_(None), grid.households(StockMovement.household_id))


def _of_item(item: StockItem) -> ColumnElement[bool]:
    return (StockMovement.community_id == item.community_id) & (
        StockMovement.stock_item_id == item.id
    )


async def count_movements(session: AsyncSession, item: StockItem, grid: GridScope) -> int:
    query = select(func.count(StockMovement.id)).where(_of_item(item), _in_grid(grid))
    return int((await session.execute(query)).scalar_one())


async def list_movements(
    session: AsyncSession, item: StockItem, grid: GridScope, limit: int, offset: int
) -> Sequence[StockMovement]:
    query = (
        select(StockMovement)
        .where(_of_item(item), _in_grid(grid))
        .order_by(StockMovement.recorded_at.desc(), StockMovement.id)
        .limit(limit)
        .offset(offset)
    )
    return (await session.scalars(query)).all()
