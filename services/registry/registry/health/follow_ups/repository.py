"""Queries of follow-ups and of who is due one."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from registry.health.follow_ups.models import FollowUp, FollowUpPeriod
from registry.health.quarantines.models import Quarantine, QuarantineStatus
from registry.health.self_reports.models import SelfReport
from registry.residents.assignments.area import FloorRange, in_area
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from registry.residents.households.places import address
from registry.residents.people.models import Person

AnySelect = Select[*tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class Area:
    """Where the caller may look: communities and, for a grid worker, buildings."""

    community_ids: Sequence[uuid.UUID] | None
    building_ids: Sequence[uuid.UUID] | None
    floors: Sequence[FloorRange] = ()  # and these floors of other buildings


@dataclass(frozen=True, slots=True)
class FollowUpFilter:
    area: Area
    quarantine_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    local_date: date | None = None
    period: FollowUpPeriod | None = None


@dataclass(frozen=True, slots=True)
class DueRow:
    quarantine: Quarantine
    person_id: uuid.UUID
    person_name: str
    address: str


async def get_by_client_id(session: AsyncSession, client_id: uuid.UUID) -> FollowUp | None:
    return (await session.scalars(select(FollowUp).where(FollowUp.client_id == client_id))).first()


async def get_person(
    session: AsyncSession, community_id: uuid.UUID, person_id: uuid.UUID
) -> Person | None:
    query = select(Person).where(Person.community_id == community_id, Person.id == person_id)
    return (await session.scalars(query)).first()


async def has_active_personal_quarantine(session: AsyncSession, person_id: uuid.UUID) -> bool:
    query = select(Quarantine.id).where(
        Quarantine.person_id == person_id, Quarantine.status == QuarantineStatus.active
    )
    return (await session.execute(query.limit(1))).first() is not None


def _in_area(query: AnySelect, area: Area) -> AnySelect:
    if area.community_ids is not None:
        query = query.where(Household.community_id.in_(area.community_ids))
    if area.building_ids is not None:
        query = query.where(in_area(area.building_ids, area.floors))
    return query


def _filtered(query: AnySelect, flt: FollowUpFilter) -> AnySelect:
    query = _in_area(
        query.join(Quarantine, Quarantine.id == FollowUp.quarantine_id).join(
            Household, Household.id == Quarantine.household_id
        ),
        flt.area,
    )
    if flt.quarantine_id is not None:
        query = query.where(FollowUp.quarantine_id == flt.quarantine_id)
    if flt.person_id is not None:
        query = query.where(FollowUp.person_id == flt.person_id)
    if flt.local_date is not None:
        query = query.where(FollowUp.local_date == flt.local_date)
    if flt.period is not None:
        query = query.where(FollowUp.period == flt.period)
    return query


async def count_follow_ups(session: AsyncSession, flt: FollowUpFilter) -> int:
    query = _filtered(select(func.count(FollowUp.id)), flt)
    return int((await session.execute(query)).scalar_one())


async def list_follow_ups(
    session: AsyncSession, flt: FollowUpFilter, limit: int, offset: int
) -> list[tuple[FollowUp, str]]:
    base: AnySelect = select(FollowUp, Person.name)
    query = (
        _filtered(base, flt)
        .join(Person, Person.id == FollowUp.person_id)
        .order_by(FollowUp.checked_at.desc(), FollowUp.id)
    )
    rows = await session.execute(query.limit(limit).offset(offset))
    return [(f, name) for f, name in rows.all()]


def _due(area: Area, day: date, period: FollowUpPeriod, self_reports: bool) -> AnySelect:
    """Pairs (quarantine, person) active on `day` with no check of that person in the period
    (with `self_reports`, no self-report either). A member with a personal quarantine of their
    own is listed under that one only."""
    personal = aliased(Quarantine)
    own_quarantine = exists().where(
        personal.person_id == Person.id, personal.status == QuarantineStatus.active
    )
    covered = or_(
        Person.id == Quarantine.person_id,
        and_(
            Quarantine.person_id.is_(None),
            Person.household_id == Quarantine.household_id,
            ~own_quarantine,
        ),
    )
    checked: ColumnElement[bool] = exists().where(
        FollowUp.person_id == Person.id,
        FollowUp.local_date == day,
        FollowUp.period == period,
    )
    if self_reports:
        checked = or_(
            checked,
            exists().where(
                SelfReport.person_id == Person.id,
                SelfReport.local_date == day,
                SelfReport.period == period,
                SelfReport.quarantine_id.is_not(None),
            ),
        )
    query = (
        select(Quarantine)
        .join(Household, Household.id == Quarantine.household_id)
        .join(Person, covered)
        .where(
            Quarantine.status == QuarantineStatus.active,
            Quarantine.start_date <= day,
            ~checked,
        )
    )
    return _in_area(query, area)


async def count_due(
    session: AsyncSession, area: Area, day: date, period: FollowUpPeriod, self_reports: bool
) -> int:
    query = _due(area, day, period, self_reports).with_only_columns(func.count())
    return int((await session.execute(query)).scalar_one())


async def list_due(
    session: AsyncSession,
    area: Area,
    day: date,
    period: FollowUpPeriod,
    self_reports: bool,
    limit: int,
    offset: int,
) -> list[DueRow]:
    query = (
        _due(area, day, period, self_reports)
        .add_columns(
            Person.id, Person.name, Compound.name, Building.name, Household.unit, Household.room
        )
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
        .order_by(
            Compound.name, Building.name, Household.unit, Household.room, Person.name, Person.id
        )
    )
    rows = await session.execute(query.limit(limit).offset(offset))
    return [
        DueRow(q, pid, name, address(compound, building, unit, room))
        for q, pid, name, compound, building, unit, room in rows.all()
    ]
