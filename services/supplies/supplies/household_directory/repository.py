"""Queries of the household directory and of households' delivery status."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from supplies.grid_areas.scope import GridScope
from supplies.household_directory.models import HouseholdDeliveryStatus, HouseholdDirectoryEntry

ADDRESS_FIELDS = ("compound", "building", "unit", "floor", "room")
FLAG_FIELDS = ("has_elderly", "has_chronic_illness", "lives_alone")


async def get_entry(
    session: AsyncSession, household_id: uuid.UUID, *, fresh: bool = False
) -> HouseholdDirectoryEntry | None:
    return await session.get(HouseholdDirectoryEntry, household_id, populate_existing=fresh)


async def upsert_entries(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Insert or update by household id (one statement per batch on both databases)."""
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    now = utc_now()
    rows = [{**r, "updated_at": now} for r in rows]
    for start in range(0, len(rows), 500):
        batch = rows[start : start + 500]
        statement = dialect.insert(HouseholdDirectoryEntry).values(batch)
        columns = [c for c in batch[0] if c != "household_id"]
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["household_id"],
                set_={c: getattr(statement.excluded, c) for c in columns},
            )
        )


async def count_entries(
    session: AsyncSession, community_ids: Sequence[uuid.UUID] | None, grid: GridScope
) -> int:
    query = select(func.count(HouseholdDirectoryEntry.household_id)).where(grid.entries())
    if community_ids is not None:
        query = query.where(HouseholdDirectoryEntry.community_id.in_(community_ids))
    return int((await session.execute(query)).scalar_one())


def _address_order() -> tuple[Any, ...]:
    e = HouseholdDirectoryEntry
    return (e.compound, e.building, e.unit, e.floor, e.room)


async def list_entries(
    session: AsyncSession,
    community_ids: Sequence[uuid.UUID] | None,
    grid: GridScope,
    limit: int,
    offset: int,
) -> Sequence[HouseholdDirectoryEntry]:
    query = select(HouseholdDirectoryEntry).where(grid.entries()).order_by(*_address_order())
    if community_ids is not None:
        query = query.where(HouseholdDirectoryEntry.community_id.in_(community_ids))
    return (await session.scalars(query.limit(limit).offset(offset))).all()


async def get_delivery_status(
    session: AsyncSession, household_id: uuid.UUID
) -> HouseholdDeliveryStatus | None:
    return await session.get(HouseholdDeliveryStatus, household_id)


def add_delivery_status(session: AsyncSession, status: HouseholdDeliveryStatus) -> None:
    session.add(status)


async def entries_of_community(
    session: AsyncSession, community_id: uuid.UUID
) -> Sequence[HouseholdDirectoryEntry]:
    query = (
        select(HouseholdDirectoryEntry)
        .where(HouseholdDirectoryEntry.community_id == community_id)
        .order_by(*_address_order())
    )
    return (await session.scalars(query)).all()


async def delivery_target(
    session: AsyncSession, household_id: uuid.UUID, *, fresh: bool = False
) -> tuple[HouseholdDirectoryEntry | None, HouseholdDeliveryStatus | None]:
    """The household's address and its delivery status in one query."""
    query = (
        select(HouseholdDirectoryEntry, HouseholdDeliveryStatus)
        .outerjoin(
            HouseholdDeliveryStatus,
            HouseholdDeliveryStatus.household_id == HouseholdDirectoryEntry.household_id,
        )
        .where(HouseholdDirectoryEntry.household_id == household_id)
        .execution_options(populate_existing=fresh)
    )
    row = (await session.execute(query)).first()
    return (row[0], row[1]) if row is not None else (None, None)


async def households_in(
    session: AsyncSession, community_id: uuid.UUID, grid: GridScope
) -> set[uuid.UUID]:
    """The community's households that `grid` holds."""
    e = HouseholdDirectoryEntry
    query = select(e.household_id).where(e.community_id == community_id, grid.entries())
    return set((await session.scalars(query)).all())
