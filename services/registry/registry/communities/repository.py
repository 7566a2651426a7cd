"""Queries of communities, compounds and buildings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.communities.models import Building, Community, Compound


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
