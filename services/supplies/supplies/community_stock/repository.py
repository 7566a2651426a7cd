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


async def balances(session: AsyncSession, item_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not item_ids:
        return {}
    query = (
        select(StockMovement.stock_item_id, func.coalesce(func.sum(StockMovement.quantity), 0))
        .where(StockMovement.stock_item_id.in_(item_ids))
        .group_by(StockMovement.stock_item_id)
    )
    found = {i: int(n) for i, n in (await session.execute(query)).all()}
    return {i: found.get(i, 0) for i in item_ids}


async def lock_items(session: AsyncSession, item_ids: Sequence[uuid.UUID]) -> None:
    """Takes the withdrawal lock of each item, in id order (no deadlock between two callers)."""
    for item_id in sorted(set(item_ids)):
        await session.execute(
            update(StockItem)
            .where(StockItem.id == item_id)
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


async def count_movements(session: AsyncSession, item_id: uuid.UUID, grid: GridScope) -> int:
    query = select(func.count(StockMovement.id)).where(
        StockMovement.stock_item_id == item_id, _in_grid(grid)
    )
    return int((await session.execute(query)).scalar_one())


async def list_movements(
    session: AsyncSession, item_id: uuid.UUID, grid: GridScope, limit: int, offset: int
) -> Sequence[StockMovement]:
    query = (
        select(StockMovement)
        .where(StockMovement.stock_item_id == item_id, _in_grid(grid))
        .order_by(StockMovement.recorded_at.desc(), StockMovement.id)
        .limit(limit)
        .offset(offset)
    )
    return (await session.scalars(query)).all()
