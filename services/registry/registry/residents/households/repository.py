"""Queries of households and their members."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.assignments.area import FloorRange, in_area
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household, HouseholdStatus
from registry.residents.people.models import Person


@dataclass(frozen=True, slots=True)
class HouseholdFilter:
    community_ids: Sequence[uuid.UUID] | None
    building_id: uuid.UUID | None = None
    status: HouseholdStatus | None = None
    building_ids: Sequence[uuid.UUID] | None = None  # a grid worker's buildings
    floors: Sequence[FloorRange] = ()  # and floors of other buildings


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    household: Household
    compound_name: str
    building_name: str
    member_count: int


def _filtered(query: Select[Any], flt: HouseholdFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(Household.community_id.in_(flt.community_ids))
    if flt.building_id is not None:
        query = query.where(Household.building_id == flt.building_id)
    if flt.building_ids is not None:
        query = query.where(in_area(flt.building_ids, flt.floors))
    if flt.status is not None:
        query = query.where(Household.status == flt.status)
    return query


def _with_names(ids: Select[Any]) -> Select[Any]:
    members = (
        select(func.count(Person.id))
        .where(Person.household_id == Household.id)
        .correlate(Household)
        .scalar_subquery()
    )
    return (
        ids.add_columns(Compound.name, Building.name, members)
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
    )


async def count_households(session: AsyncSession, flt: HouseholdFilter) -> int:
    query = _filtered(select(Household.id), flt).with_only_columns(func.count(Household.id))
    return int((await session.execute(query)).scalar_one())


async def list_households(
    session: AsyncSession, flt: HouseholdFilter, limit: int, offset: int
) -> list[HouseholdRow]:
    query = _with_names(_filtered(select(Household), flt))
    query = query.order_by(Compound.name, Building.name, Household.unit, Household.room)
    rows = await session.execute(query.limit(limit).offset(offset))
    return [HouseholdRow(h, c, b, n) for h, c, b, n in rows.all()]


async def get_household_row(session: AsyncSession, household_id: uuid.UUID) -> HouseholdRow | None:
    query = _with_names(select(Household).where(Household.id == household_id))
    row = (await session.execute(query)).first()
    return HouseholdRow(row[0], row[1], row[2], row[3]) if row else None


async def get_household(session: AsyncSession, household_id: uuid.UUID) -> Household | None:
    return await session.get(Household, household_id)


async def household_at(
    session: AsyncSession, building_id: uuid.UUID, unit: int, room: str
) -> Household | None:
    query = select(Household).where(
        Household.building_id == building_id, Household.unit == unit, Household.room == room
    )
    return (await session.scalars(query)).first()


def add_household(session: AsyncSession, household: Household) -> None:
    session.add(household)


async def delete_household(session: AsyncSession, household: Household) -> None:
    await session.delete(household)
