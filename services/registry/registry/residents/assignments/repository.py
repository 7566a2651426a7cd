"""Queries of grid assignments."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.assignments.models import GridAssignment
from registry.residents.communities.models import Building, Community, Compound
from registry.residents.households.models import Household


async def assigned_areas(
    session: AsyncSession, subject: str, community_ids: Sequence[uuid.UUID] | None
) -> list[tuple[uuid.UUID, int | None, int | None]]:
    """(building, floor_from, floor_to) of the worker; floors None: the whole building."""
    query = select(
        GridAssignment.building_id, GridAssignment.floor_from, GridAssignment.floor_to
    ).where(GridAssignment.subject == subject)
    if community_ids is not None:
        query = query.where(GridAssignment.community_id.in_(community_ids))
    return [(b, lo, hi) for b, lo, hi in (await session.execute(query)).all()]


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


async def buildings_of(
    session: AsyncSession, community_id: uuid.UUID
) -> list[tuple[Building, str]]:
    """The community's buildings with their compound's name."""
    query = (
        select(Building, Compound.name)
        .join(Compound, Compound.id == Building.compound_id)
        .where(Building.community_id == community_id)
        .order_by(Compound.name, Building.name)
    )
    return [(b, c) for b, c in (await session.execute(query)).all()]


async def households_by_floor(
    session: AsyncSession, community_id: uuid.UUID
) -> dict[tuple[uuid.UUID, int], int]:
    """Number of households per (building, floor) of the community."""
    query = (
        select(Household.building_id, Household.floor, func.count(Household.id))
        .where(Household.community_id == community_id)
        .group_by(Household.building_id, Household.floor)
    )
    return {(b, f): int(n) for b, f, n in (await session.execute(query)).all()}


async def lock_community(session: AsyncSession, community_id: uuid.UUID) -> None:
    """Serializes assignment changes of one community on PostgreSQL (SQLite has one writer)."""
    query = select(Community.id).where(Community.id == community_id).with_for_update()
    await session.execute(query)


async def remove_assignments(
    session: AsyncSession, subjects: Sequence[str], community_id: uuid.UUID
) -> None:
    await session.execute(
        delete(GridAssignment).where(
            GridAssignment.subject.in_(subjects), GridAssignment.community_id == community_id
        )
    )


async def assignments_of_building(
    session: AsyncSession, building_id: uuid.UUID
) -> Sequence[GridAssignment]:
    query = select(GridAssignment).where(GridAssignment.building_id == building_id)
    return (await session.scalars(query)).all()


async def building_name(session: AsyncSession, building_id: uuid.UUID) -> str:
    """`东苑 2栋`."""
    query = (
        select(Compound.name, Building.name)
        .join(Building, Building.compound_id == Compound.id)
        .where(Building.id == building_id)
    )
    row = (await session.execute(query)).first()
    return f"{row[0]} {row[1]}" if row else ""
