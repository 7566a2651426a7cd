"""Queries of distribution campaigns, their receipts, and the households not reached yet."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from supplies.community_stock.models import StockItem
from supplies.distributions.models import Distribution, DistributionReceipt, DistributionShare
from supplies.grid_areas.scope import UNBOUNDED, GridScope
from supplies.household_directory.models import HouseholdDirectoryEntry


async def get_distribution(
    session: AsyncSession, distribution_id: uuid.UUID
) -> Distribution | None:
    return await session.get(Distribution, distribution_id)


async def list_distributions(
    session: AsyncSession, community_ids: Sequence[uuid.UUID] | None
) -> Sequence[Distribution]:
    query = select(Distribution).order_by(Distribution.created_at.desc()).limit(200)
    if community_ids is not None:
        query = query.where(Distribution.community_id.in_(community_ids))
    return (await session.scalars(query)).all()


async def shares(
    session: AsyncSession, distribution: Distribution
) -> list[tuple[DistributionShare, StockItem]]:
    query = (
        select(DistributionShare, StockItem)
        .join(
            StockItem,
            (StockItem.community_id == DistributionShare.community_id)
            & (StockItem.id == DistributionShare.stock_item_id),
        )
        .where(
            DistributionShare.community_id == distribution.community_id,
            DistributionShare.distribution_id == distribution.id,
        )
        .order_by(StockItem.name)
    )
    return [(s, i) for s, i in (await session.execute(query)).all()]


def _of(distribution: Distribution) -> ColumnElement[bool]:
    return (DistributionReceipt.community_id == distribution.community_id) & (
        DistributionReceipt.distribution_id == distribution.id
    )


async def find_receipt(
    session: AsyncSession, distribution: Distribution, household_id: uuid.UUID
) -> DistributionReceipt | None:
    query = select(DistributionReceipt).where(
        _of(distribution), DistributionReceipt.household_id == household_id
    )
    return (await session.scalars(query)).first()


async def count_reached(session: AsyncSession, distribution: Distribution) -> int:
    query = select(func.count(DistributionReceipt.id)).where(_of(distribution))
    return int((await session.execute(query)).scalar_one())


async def count_households(session: AsyncSession, community_id: uuid.UUID) -> int:
    query = select(func.count(HouseholdDirectoryEntry.household_id)).where(
        HouseholdDirectoryEntry.community_id == community_id
    )
    return int((await session.execute(query)).scalar_one())


def _not_reached(distribution: Distribution, grid: GridScope) -> Select[Any]:
    reached = select(DistributionReceipt.household_id).where(_of(distribution))
    return select(HouseholdDirectoryEntry).where(
        HouseholdDirectoryEntry.community_id == distribution.community_id,
        HouseholdDirectoryEntry.household_id.not_in(reached),
        grid.entries(),
    )


async def count_not_reached(
    session: AsyncSession, distribution: Distribution, grid: GridScope = UNBOUNDED
) -> int:
    """Of the whole community unless `grid` narrows it (a grid worker's list)."""
    query = _not_reached(distribution, grid).with_only_columns(
        func.count(HouseholdDirectoryEntry.household_id)
    )
    return int((await session.execute(query)).scalar_one())


async def not_reached(
    session: AsyncSession, distribution: Distribution, grid: GridScope, limit: int, offset: int
) -> Sequence[HouseholdDirectoryEntry]:
    e = HouseholdDirectoryEntry
    query = _not_reached(distribution, grid).order_by(
        e.compound, e.building, e.unit, e.floor, e.room
    )
    return (await session.scalars(query.limit(limit).offset(offset))).all()
