"""Queries of the care list: who the registry says needs care, entries with their place and last
check-in."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.care_list.models import CareCheckIn, CareEntry, CheckInOutcome
from registry.residents.households.models import Household, HouseholdStatus
from registry.residents.households.places import placed, with_place
from registry.residents.people.models import Person


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: uuid.UUID
    household_id: uuid.UUID
    building_id: uuid.UUID
    floor: int
    birth_date: date | None
    lives_alone: bool
    chronic_illness: bool
    disability: bool
    pregnant: bool
    household_status: str


@dataclass(frozen=True, slots=True)
class EntryRow:
    entry: CareEntry
    address: str
    name: str
    birth_date: date | None
    last_check_in_at: datetime | None
    last_outcome: CheckInOutcome | None


async def candidates(
    session: AsyncSession, community_id: uuid.UUID, born_before: date
) -> list[Candidate]:
    """People the registry marks as needing care: 60 and over living alone, chronic illness,
    disability, pregnancy, or living alone in a household under quarantine."""
    alone_and_old = and_(Person.lives_alone, Person.birth_date <= born_before)
    alone_shut_in = and_(
        Person.lives_alone,
        Household.status.in_((HouseholdStatus.home_quarantine, HouseholdStatus.sealed)),
    )
    query = (
        select(
            Person.id.label("person_id"),
            Person.household_id,
            Household.building_id,
            Household.floor,
            Person.birth_date,
            Person.lives_alone,
            Person.chronic_illness,
            Person.disability,
            Person.pregnant,
            Household.status.label("household_status"),
        )
        .join(Household, Household.id == Person.household_id)
        .where(Person.community_id == community_id)
        .where(
            or_(
                alone_and_old,
                Person.chronic_illness,
                Person.disability,
                Person.pregnant,
                alone_shut_in,
            )
        )
    )
    return [Candidate(**row._asdict()) for row in (await session.execute(query)).all()]


async def entries_of(
    session: AsyncSession, community_id: uuid.UUID, person_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, CareEntry]:
    query = select(CareEntry).where(
        CareEntry.community_id == community_id, CareEntry.person_id.in_(person_ids)
    )
    return {e.person_id: e for e in (await session.scalars(query)).all()}


def _listed(where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    latest = (
        select(CareCheckIn.entry_id, func.max(CareCheckIn.checked_at).label("at"))
        .group_by(CareCheckIn.entry_id)
        .subquery()
    )
    last = CareCheckIn.__table__.alias("last_check_in")
    return (
        with_place(select(CareEntry), CareEntry.household_id, CareEntry.person_id)
        .add_columns(Person.birth_date, latest.c.at, last.c.outcome)
        .outerjoin(latest, latest.c.entry_id == CareEntry.id)
        .outerjoin(last, and_(last.c.entry_id == CareEntry.id, last.c.checked_at == latest.c.at))
        .where(*where)
    )


def _row(row: Any) -> EntryRow:
    entity, _, address, name, _, birth_date, at, outcome = row
    return EntryRow(entity, address, name or "", birth_date, at, outcome)


async def list_entries(
    session: AsyncSession,
    where: Sequence[ColumnElement[bool]],
    limit: int | None = None,
    offset: int = 0,
) -> list[EntryRow]:
    query = _listed(where).order_by(
        CareEntry.building_id, CareEntry.floor, Household.room, CareEntry.id
    )
    if limit is not None:
        query = query.limit(limit).offset(offset)
    rows = (await session.execute(query)).all()
    seen: set[uuid.UUID] = set()
    out: list[EntryRow] = []
    for row in rows:  # two check-ins at the same instant would list an entry twice
        entry_row = _row(placed(row[:8]) + tuple(row[8:]))
        if entry_row.entry.id not in seen:
            seen.add(entry_row.entry.id)
            out.append(entry_row)
    return out


async def count_entries(session: AsyncSession, where: Sequence[ColumnElement[bool]]) -> int:
    query = (
        select(func.count())
        .select_from(CareEntry)
        .join(Household, Household.id == CareEntry.household_id)
        .where(*where)
    )
    return (await session.execute(query)).scalar_one()


async def get_entry_row(session: AsyncSession, entry_id: uuid.UUID) -> EntryRow | None:
    rows = await list_entries(session, [CareEntry.id == entry_id])
    return rows[0] if rows else None


async def check_in_by_client_id(
    session: AsyncSession, community_id: uuid.UUID, client_id: uuid.UUID
) -> CareCheckIn | None:
    query = select(CareCheckIn).where(
        CareCheckIn.community_id == community_id, CareCheckIn.client_id == client_id
    )
    return (await session.scalars(query)).one_or_none()


async def last_outcome_before(
    session: AsyncSession, entry_id: uuid.UUID, at: datetime
) -> CheckInOutcome | None:
    query = (
        select(CareCheckIn.outcome)
        .where(CareCheckIn.entry_id == entry_id, CareCheckIn.checked_at < at)
        .order_by(CareCheckIn.checked_at.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def day_counts(
    session: AsyncSession, community_id: uuid.UUID, start: datetime, end: datetime
) -> tuple[int, int]:
    """Check-ins made in [start, end), and how many of them raised a task."""
    query = select(func.count(), func.count().filter(CareCheckIn.escalated)).where(
        CareCheckIn.community_id == community_id,
        CareCheckIn.checked_at >= start,
        CareCheckIn.checked_at < end,
    )
    done, escalated = (await session.execute(query)).one()
    return done, escalated


async def last_check_ins_before(
    session: AsyncSession, community_id: uuid.UUID, before: datetime, made_before: datetime
) -> list[tuple[CareEntry, datetime | None]]:
    """Active entries made before `made_before`, each with its last check-in before `before`."""
    latest = (
        select(CareCheckIn.entry_id, func.max(CareCheckIn.checked_at).label("at"))
        .where(CareCheckIn.community_id == community_id, CareCheckIn.checked_at < before)
        .group_by(CareCheckIn.entry_id)
        .subquery()
    )
    query = (
        select(CareEntry, latest.c.at)
        .outerjoin(latest, latest.c.entry_id == CareEntry.id)
        .where(
            CareEntry.community_id == community_id,
            CareEntry.active,
            CareEntry.created_at < made_before,
        )
    )
    return [(e, at) for e, at in (await session.execute(query)).all()]


async def check_ins_of(
    session: AsyncSession, entry_id: uuid.UUID, limit: int, offset: int
) -> tuple[list[CareCheckIn], int]:
    where = CareCheckIn.entry_id == entry_id
    total = (await session.execute(select(func.count()).where(where))).scalar_one()
    query = (
        select(CareCheckIn)
        .where(where)
        .order_by(CareCheckIn.checked_at.desc(), CareCheckIn.id)
        .limit(limit)
        .offset(offset)
    )
    return list((await session.scalars(query)).all()), total


async def escalated_count(session: AsyncSession, community_id: uuid.UUID) -> int:
    query = select(func.count()).where(
        CareEntry.community_id == community_id,
        CareEntry.active.is_(True),
        CareEntry.escalated_at.is_not(None),
    )
    return (await session.execute(query)).scalar_one()
