"""Queries of communities, compounds and buildings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.communities.models import Building, Community, Compound


async def get_community(session: AsyncSession, community_id: uuid.UUID) -> Community | None:
    return await session.get(Community, community_id)


async def list_communities(
    session: AsyncSession, only: Sequence[uuid.UUID] | None
) -> Sequence[Community]:
    query = select(Community).order_by(Community.name)
    if only is not None:
        query = query.where(Community.id.in_(only))
    return (await session.scalars(query)).all()


async def list_buildings(
    session: AsyncSession, community_id: uuid.UUID
) -> Sequence[tuple[Building, str]]:
    query = (
        select(Building, Compound.name)
        .join(Compound, Compound.id == Building.compound_id)
        .where(Building.community_id == community_id)
        .order_by(Compound.name, Building.name)
    )
    return [(b, name) for b, name in (await session.execute(query)).all()]


async def list_compounds(session: AsyncSession, community_id: uuid.UUID) -> Sequence[Compound]:
    query = select(Compound).where(Compound.community_id == community_id).order_by(Compound.name)
    return (await session.scalars(query)).all()


async def get_compound(session: AsyncSession, compound_id: uuid.UUID) -> Compound | None:
    return await session.get(Compound, compound_id)


async def get_building_row(
    session: AsyncSession, building_id: uuid.UUID
) -> tuple[Building, str] | None:
    query = (
        select(Building, Compound.name)
        .join(Compound, Compound.id == Building.compound_id)
        .where(Building.id == building_id)
    )
    row = (await session.execute(query)).first()
    return (row[0], row[1]) if row else None


async def compound_named(
    session: AsyncSession, community_id: uuid.UUID, name: str
) -> Compound | None:
    query = select(Compound).where(Compound.community_id == community_id, Compound.name == name)
    return (await session.scalars(query)).first()


async def building_named(
    session: AsyncSession, compound_id: uuid.UUID, name: str
) -> Building | None:
    query = select(Building).where(Building.compound_id == compound_id, Building.name == name)
    return (await session.scalars(query)).first()


def add(session: AsyncSession, row: Compound | Building) -> None:
    session.add(row)


async def get_building(session: AsyncSession, building_id: uuid.UUID) -> Building | None:
    return await session.get(Building, building_id)
