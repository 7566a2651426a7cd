"""Queries of the grid workers' areas."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from supplies.grid_areas.models import GridArea, GridAreaUpdate


async def areas_of(
    session: AsyncSession, subject: str, community_ids: Sequence[uuid.UUID]
) -> Sequence[GridArea]:
    query = select(GridArea).where(
        GridArea.subject == subject, GridArea.community_id.in_(community_ids)
    )
    return (await session.scalars(query)).all()


async def get_update(
    session: AsyncSession, subject: str, community_id: uuid.UUID
) -> GridAreaUpdate | None:
    return await session.get(GridAreaUpdate, (subject, community_id))


def add_update(session: AsyncSession, update: GridAreaUpdate) -> None:
    session.add(update)


async def replace_areas(
    session: AsyncSession, subject: str, community_id: uuid.UUID, areas: Sequence[GridArea]
) -> None:
    await session.execute(
        delete(GridArea).where(GridArea.subject == subject, GridArea.community_id == community_id)
    )
    await session.flush()
    session.add_all(areas)
