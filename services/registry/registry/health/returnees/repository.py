"""Queries of returnees."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.returnees.models import Returnee
from registry.residents.assignments.area import FloorRange, in_area
from registry.residents.households.models import Household
from registry.residents.people.models import Person


@dataclass(frozen=True, slots=True)
class ReturneeFilter:
    community_ids: Sequence[uuid.UUID] | None  # None: every community
    # grid workers: returnees of households in these buildings, and those they registered
    building_ids: Sequence[uuid.UUID] | None = None
    floors: Sequence[FloorRange] = ()  # and these floors of other buildings
    registered_by: str | None = None
    under_watch: bool | None = None
    today: date | None = None
    household_id: uuid.UUID | None = None


def _filtered(query: Select[Any], flt: ReturneeFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(Returnee.community_id.in_(flt.community_ids))
    if flt.building_ids is not None:
        in_buildings = Returnee.household_id.in_(
            select(Household.id).where(in_area(flt.building_ids, flt.floors))
        )
        query = query.where(or_(in_buildings, Returnee.created_by == flt.registered_by))
    if flt.under_watch is not None and flt.today is not None:
        watched = Returnee.watch_until > flt.today
        query = query.where(watched if flt.under_watch else ~watched)
    if flt.household_id is not None:
        query = query.where(Returnee.household_id == flt.household_id)
    return query


async def count_returnees(session: AsyncSession, flt: ReturneeFilter) -> int:
    query = _filtered(select(func.count(Returnee.id)), flt)
    return int((await session.execute(query)).scalar_one())


async def list_returnees(
    session: AsyncSession, flt: ReturneeFilter, limit: int, offset: int
) -> Sequence[Returnee]:
    query = _filtered(select(Returnee), flt).order_by(
        Returnee.arrival_date.desc(), Returnee.created_at.desc(), Returnee.id
    )
    return (await session.scalars(query.limit(limit).offset(offset))).all()


async def get_returnee(session: AsyncSession, returnee_id: uuid.UUID) -> Returnee | None:
    return await session.get(Returnee, returnee_id)


async def get_by_client_id(session: AsyncSession, client_id: uuid.UUID) -> Returnee | None:
    query = select(Returnee).where(Returnee.client_id == client_id)
    return (await session.scalars(query)).first()


async def get_household(session: AsyncSession, household_id: uuid.UUID) -> Household | None:
    return await session.get(Household, household_id)


async def get_person(session: AsyncSession, person_id: uuid.UUID) -> Person | None:
    return await session.get(Person, person_id)
