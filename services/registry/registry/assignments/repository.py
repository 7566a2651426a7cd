"""Queries of grid assignments."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.assignments.models import GridAssignment
from registry.communities.models import Building


async def assigned_building_ids(
    session: AsyncSession, subject: str, community_ids: Sequence[uuid.UUID] | None
) -> list[uuid.UUID]:
    query = select(GridAssignment.building_id).where(GridAssignment.subject == subject)
    if community_ids is not None:
        query = query.where(GridAssignment.community_id.in_(community_ids))
    return list((await session.scalars(query)).all())


async def list_assignments(
    session: AsyncSession, community_ids: Sequence[uuid.UUID] | None, subject: str | None
) -> Sequence[GridAssignment]:
    query = select(GridAssignment).order_by(GridAssignment.subject, GridAssignment.created_at)
    if community_ids is not None:
        query = query.where(GridAssignment.community_id.in_(community_ids))
    if subject is not None:
        query = query.where(GridAssignment.subject == subject)
    return (await session.scalars(query)).all()


async def buildings_by_id(
    session: AsyncSession, building_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Building]:
    if not building_ids:
        return {}
    rows = await session.scalars(select(Building).where(Building.id.in_(building_ids)))
    return {b.id: b for b in rows}


async def remove_assignments(session: AsyncSession, subject: str, community_id: uuid.UUID) -> None:
    await session.execute(
        delete(GridAssignment).where(
            GridAssignment.subject == subject, GridAssignment.community_id == community_id
        )
    )
