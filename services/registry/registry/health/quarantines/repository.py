"""Queries of quarantines, with the household's address and the person's name."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.quarantines.models import (
    Quarantine,
    QuarantineChange,
    QuarantineKind,
    QuarantineStatus,
)
from registry.residents.assignments.area import FloorRange
from registry.residents.households.models import Household
from registry.residents.households.places import in_grid, placed, with_place
from registry.residents.people.models import Person


@dataclass(frozen=True, slots=True)
class QuarantineFilter:
    community_ids: Sequence[uuid.UUID] | None  # None: every community
    building_ids: Sequence[uuid.UUID] | None = None  # None: every building
    status: QuarantineStatus | None = None
    kind: QuarantineKind | None = None
    household_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    floors: Sequence[FloorRange] = ()  # with building_ids: a grid worker's floors


@dataclass(frozen=True, slots=True)
class QuarantineRow:
    quarantine: Quarantine
    building_id: uuid.UUID
    address: str
    person_name: str | None
    floor: int = 0


_PLACE = (Quarantine.household_id, Quarantine.person_id)


def _row(r: Any) -> QuarantineRow:
    return QuarantineRow(*placed(r))


def _filtered(query: Select[Any], flt: QuarantineFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(Quarantine.community_id.in_(flt.community_ids))
    if flt.building_ids is not None:
        query = query.where(in_grid(Quarantine.household_id, flt.building_ids, flt.floors))
    if flt.status is not None:
        query = query.where(Quarantine.status == flt.status)
    if flt.kind is not None:
        query = query.where(Quarantine.kind == flt.kind)
    if flt.household_id is not None:
        query = query.where(Quarantine.household_id == flt.household_id)
    if flt.person_id is not None:
        query = query.where(Quarantine.person_id == flt.person_id)
    return query


async def count_quarantines(session: AsyncSession, flt: QuarantineFilter) -> int:
    query = _filtered(select(func.count(Quarantine.id)), flt)
    return int((await session.execute(query)).scalar_one())


async def list_quarantines(
    session: AsyncSession, flt: QuarantineFilter, limit: int, offset: int
) -> list[QuarantineRow]:
    query = with_place(_filtered(select(Quarantine), flt), *_PLACE).order_by(
        Quarantine.planned_end_date, Quarantine.created_at, Quarantine.id
    )
    return [_row(r) for r in (await session.execute(query.limit(limit).offset(offset))).all()]


async def get_quarantine_row(
    session: AsyncSession, quarantine_id: uuid.UUID
) -> QuarantineRow | None:
    query = with_place(select(Quarantine).where(Quarantine.id == quarantine_id), *_PLACE)
    row = (await session.execute(query)).first()
    return _row(row) if row else None


async def get_quarantine(session: AsyncSession, quarantine_id: uuid.UUID) -> Quarantine | None:
    return await session.get(Quarantine, quarantine_id)


async def get_by_client_id(session: AsyncSession, client_id: uuid.UUID) -> Quarantine | None:
    query = select(Quarantine).where(Quarantine.client_id == client_id)
    return (await session.scalars(query)).first()


async def lock_household(session: AsyncSession, household_id: uuid.UUID) -> Household | None:
    """The household row, locked until commit (PostgreSQL), so that two quarantine writes of one
    household cannot both miss each other when deciding its status."""
    query = select(Household).where(Household.id == household_id).with_for_update()
    return (await session.scalars(query)).first()


async def get_person(
    session: AsyncSession, community_id: uuid.UUID, person_id: uuid.UUID
) -> Person | None:
    query = select(Person).where(Person.community_id == community_id, Person.id == person_id)
    return (await session.scalars(query)).first()


async def active_covering(
    session: AsyncSession, household: Household, person_id: uuid.UUID | None
) -> Quarantine | None:
    """An active quarantine already covering this subject: the same person, or the household."""
    query = select(Quarantine).where(
        Quarantine.community_id == household.community_id,
        Quarantine.household_id == household.id,
        Quarantine.status == QuarantineStatus.active,
    )
    if person_id is None:
        query = query.where(Quarantine.person_id.is_(None))
    else:
        query = query.where((Quarantine.person_id == person_id) | Quarantine.person_id.is_(None))
    return (await session.scalars(query.limit(1))).first()


async def home_quarantine_end(session: AsyncSession, household: Household) -> date | None:
    """The latest planned end of the household's active home quarantines (None: none open)."""
    query = select(func.max(Quarantine.planned_end_date)).where(
        Quarantine.community_id == household.community_id,
        Quarantine.household_id == household.id,
        Quarantine.status == QuarantineStatus.active,
        Quarantine.kind == QuarantineKind.home,
    )
    return (await session.execute(query)).scalar_one_or_none()


async def count_active_in_household(session: AsyncSession, household_id: uuid.UUID) -> int:
    query = select(func.count(Quarantine.id)).where(
        Quarantine.household_id == household_id, Quarantine.status == QuarantineStatus.active
    )
    return int((await session.execute(query)).scalar_one())


async def list_changes(session: AsyncSession, quarantine: Quarantine) -> Sequence[QuarantineChange]:
    query = (
        select(QuarantineChange)
        .where(
            QuarantineChange.community_id == quarantine.community_id,
            QuarantineChange.quarantine_id == quarantine.id,
        )
        .order_by(QuarantineChange.changed_at, QuarantineChange.id)
    )
    return (await session.scalars(query)).all()


async def covered_people(
    session: AsyncSession, quarantine: Quarantine
) -> list[tuple[uuid.UUID, str]]:
    """Who the quarantine covers: its one person, or every member of the household."""
    query = select(Person.id, Person.name).where(Person.community_id == quarantine.community_id)
    if quarantine.person_id is not None:
        query = query.where(Person.id == quarantine.person_id)
    else:
        query = query.where(Person.household_id == quarantine.household_id)
    rows = await session.execute(query.order_by(Person.created_at, Person.id))
    return [(pid, name) for pid, name in rows.all()]
