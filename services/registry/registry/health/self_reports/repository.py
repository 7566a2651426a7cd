"""Queries of self-reports, of the members they are for and the quarantines covering them."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.quarantines.models import Quarantine, QuarantineStatus
from registry.health.referrals.models import Referral
from registry.health.self_reports.models import SelfReport
from registry.residents.households.models import Household
from registry.residents.people.models import Person


@dataclass(frozen=True, slots=True)
class SelfReportFilter:
    households: ColumnElement[bool]  # the caller's reach, as a condition on Household
    household_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    local_date: date | None = None


async def get_by_client_id(
    session: AsyncSession, community_id: uuid.UUID, client_id: uuid.UUID
) -> SelfReport | None:
    query = select(SelfReport).where(
        SelfReport.community_id == community_id, SelfReport.client_id == client_id
    )
    return (await session.scalars(query)).first()


async def members_of(session: AsyncSession, household_id: uuid.UUID) -> Sequence[Person]:
    query = (
        select(Person)
        .where(Person.household_id == household_id)
        .order_by(Person.created_at, Person.id)
    )
    return (await session.scalars(query)).all()


async def covering_quarantines(
    session: AsyncSession, household_id: uuid.UUID
) -> tuple[uuid.UUID | None, dict[uuid.UUID, uuid.UUID]]:
    """The household's active quarantine (None: none), and members' own active ones by person:
    a member with a quarantine of their own is followed under that one."""
    query = select(Quarantine.id, Quarantine.person_id).where(
        Quarantine.household_id == household_id, Quarantine.status == QuarantineStatus.active
    )
    whole: uuid.UUID | None = None
    own: dict[uuid.UUID, uuid.UUID] = {}
    for quarantine_id, person_id in (await session.execute(query)).all():
        if person_id is None:
            whole = quarantine_id
        else:
            own[person_id] = quarantine_id
    return whole, own


AnySelect = Select[*tuple[Any, ...]]


def _filtered(query: AnySelect, flt: SelfReportFilter) -> AnySelect:
    query = query.join(Household, Household.id == SelfReport.household_id).where(flt.households)
    if flt.household_id is not None:
        query = query.where(SelfReport.household_id == flt.household_id)
    if flt.person_id is not None:
        query = query.where(SelfReport.person_id == flt.person_id)
    if flt.local_date is not None:
        query = query.where(SelfReport.local_date == flt.local_date)
    return query


async def count_self_reports(session: AsyncSession, flt: SelfReportFilter) -> int:
    query = _filtered(select(func.count(SelfReport.id)), flt)
    return int((await session.execute(query)).scalar_one())


async def list_self_reports(
    session: AsyncSession, flt: SelfReportFilter, limit: int, offset: int
) -> list[tuple[SelfReport, str]]:
    base: AnySelect = select(SelfReport, Person.name)
    query = (
        _filtered(base, flt)
        .join(Person, Person.id == SelfReport.person_id)
        .order_by(SelfReport.reported_at.desc(), SelfReport.id)
    )
    rows = await session.execute(query.limit(limit).offset(offset))
    return [(r, name) for r, name in rows.all()]


async def referral_ids(
    session: AsyncSession,
    community_ids: Collection[uuid.UUID],
    self_report_ids: Sequence[uuid.UUID],
) -> dict[uuid.UUID, uuid.UUID]:
    """The referral each report opened (a report that joined an open one names none)."""
    if not self_report_ids:
        return {}
    query = select(Referral.self_report_id, Referral.id).where(
        Referral.community_id.in_(set(community_ids)), Referral.self_report_id.in_(self_report_ids)
    )
    return {s: r for s, r in (await session.execute(query)).all() if s is not None}
