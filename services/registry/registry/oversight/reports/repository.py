"""Aggregate queries behind the daily report and the dashboard: one GROUP BY community per kind of
record over a community-local day [start, end) in UTC, on indexed (community_id, time) columns."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from registry.access.gates.models import Direction, GateLog, GateVisitor, Verdict
from registry.health.follow_ups.models import FollowUp, FollowUpPeriod
from registry.health.quarantines.models import Quarantine, QuarantineKind, QuarantineStatus
from registry.health.referrals.models import Referral, ReferralStatus
from registry.health.returnees.models import Returnee
from registry.health.screenings.models import RiskLevel, Screening, ScreeningRound
from registry.health.screenings.repository import DONE
from registry.residents.communities.models import Community
from registry.residents.households.models import Household
from registry.residents.people.models import Person

Ids = Sequence[uuid.UUID]


def _counts(rows: Sequence[Any]) -> dict[uuid.UUID, int]:
    return {community_id: int(n or 0) for community_id, n in rows}


async def communities(session: AsyncSession, only: Ids | None) -> Sequence[Community]:
    query = select(Community).order_by(Community.name, Community.id)
    if only is not None:
        query = query.where(Community.id.in_(only))
    return (await session.scalars(query)).all()


async def households_on_file(session: AsyncSession, ids: Ids) -> dict[uuid.UUID, int]:
    """Households on file now (an index-only count): a household removed since the day is gone,
    so no past count could be exact; the sub-district reads this as the community's size."""
    query = (
        select(Household.community_id, func.count())
        .where(Household.community_id.in_(ids))
        .group_by(Household.community_id)
    )
    return _counts((await session.execute(query)).all())


async def screened(
    session: AsyncSession, ids: Ids, start: datetime, end: datetime
) -> dict[uuid.UUID, tuple[int, int]]:
    """Households with a finished form in [start, end), and how many of them were high-risk."""
    high = case((Screening.risk_level == RiskLevel.high, Screening.household_id))
    query = (
        select(
            Screening.community_id,
            func.count(distinct(Screening.household_id)),
            func.count(distinct(high)),
        )
        .where(
            Screening.community_id.in_(ids),
            Screening.screened_at >= start,
            Screening.screened_at < end,
            Screening.outcome.in_(DONE),
        )
        .group_by(Screening.community_id)
    )
    return {c: (int(n), int(h)) for c, n, h in (await session.execute(query)).all()}


async def returnees_registered(
    session: AsyncSession, ids: Ids, start: datetime, end: datetime
) -> dict[uuid.UUID, int]:
    query = (
        select(Returnee.community_id, func.count(Returnee.id))
        .where(
            Returnee.community_id.in_(ids), Returnee.created_at >= start, Returnee.created_at < end
        )
        .group_by(Returnee.community_id)
    )
    return _counts((await session.execute(query)).all())


async def visitors_registered(
    session: AsyncSession, ids: Ids, start: datetime, end: datetime
) -> dict[uuid.UUID, int]:
    query = (
        select(GateVisitor.community_id, func.count(GateVisitor.id))
        .where(
            GateVisitor.community_id.in_(ids),
            GateVisitor.registered_at >= start,
            GateVisitor.registered_at < end,
        )
        .group_by(GateVisitor.community_id)
    )
    return _counts((await session.execute(query)).all())


def _sum_of(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


async def quarantine_orders(
    session: AsyncSession, ids: Ids, day: date, start: datetime, end: datetime
) -> dict[uuid.UUID, tuple[int, int]]:
    """Orders starting on `day` (their local start date) and orders released in [start, end)."""
    released = and_(Quarantine.released_at >= start, Quarantine.released_at < end)
    query = (
        select(
            Quarantine.community_id,
            _sum_of(Quarantine.start_date == day),
            _sum_of(released),
        )
        .where(Quarantine.community_id.in_(ids), or_(Quarantine.start_date == day, released))
        .group_by(Quarantine.community_id)
    )
    return {c: (int(s), int(r)) for c, s, r in (await session.execute(query)).all()}


async def quarantined_people(
    session: AsyncSession, ids: Ids, day: date, end: datetime
) -> dict[uuid.UUID, Counter[QuarantineKind]]:
    """People under quarantine at `end`, by kind. A household order covers the members on file
    then; a member with an order of their own counts under that one only (as follow-ups do)."""
    active = and_(
        Quarantine.community_id.in_(ids),
        Quarantine.start_date <= day,
        or_(Quarantine.released_at.is_(None), Quarantine.released_at >= end),
    )
    personal = select(Quarantine.community_id, Quarantine.kind, Quarantine.person_id).where(
        active, Quarantine.person_id.is_not(None)
    )
    households = (
        select(Quarantine.community_id, Quarantine.kind, Person.id)
        .join(Person, Person.household_id == Quarantine.household_id)
        .where(active, Quarantine.person_id.is_(None), Person.created_at < end)
    )
    placed: dict[Any, tuple[uuid.UUID, str]] = {}
    for community, kind, person in (await session.execute(personal)).all():
        placed[person] = (community, kind)
    for community, kind, person in (await session.execute(households)).all():
        placed.setdefault(person, (community, kind))
    people: dict[uuid.UUID, Counter[QuarantineKind]] = {}
    for community_id, kind_name in placed.values():
        people.setdefault(community_id, Counter())[QuarantineKind(kind_name)] += 1
    return people


async def quarantined_households(
    session: AsyncSession, ids: Ids, day: date, end: datetime
) -> dict[uuid.UUID, int]:
    """Households with an order (theirs or a member's) active at `end`."""
    query = (
        select(Quarantine.community_id, func.count(distinct(Quarantine.household_id)))
        .where(
            Quarantine.community_id.in_(ids),
            Quarantine.start_date <= day,
            or_(Quarantine.released_at.is_(None), Quarantine.released_at >= end),
        )
        .group_by(Quarantine.community_id)
    )
    return {community_id: int(n) for community_id, n in (await session.execute(query)).all()}


async def referrals(
    session: AsyncSession, ids: Ids, start: datetime, end: datetime
) -> dict[uuid.UUID, tuple[int, int]]:
    """Referrals opened in [start, end), and those open at `end`."""
    opened = and_(Referral.opened_at >= start, Referral.opened_at < end)
    open_at_end = and_(
        Referral.opened_at < end, or_(Referral.closed_at.is_(None), Referral.closed_at >= end)
    )
    query = (
        select(Referral.community_id, _sum_of(opened), _sum_of(open_at_end))
        .where(
            Referral.community_id.in_(ids),
            Referral.opened_at < end,
            or_(Referral.closed_at.is_(None), Referral.closed_at >= start),
        )
        .group_by(Referral.community_id)
    )
    return {c: (int(o), int(n)) for c, o, n in (await session.execute(query)).all()}


async def open_referrals(session: AsyncSession, community_id: uuid.UUID) -> int:
    query = select(func.count(Referral.id)).where(
        Referral.community_id == community_id, Referral.status == ReferralStatus.open
    )
    return int((await session.execute(query)).scalar_one())


def _logs_of_day(ids: Ids, start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(
        GateLog.community_id.in_(ids), GateLog.occurred_at >= start, GateLog.occurred_at < end
    )


def gate_counts_query(ids: Ids, start: datetime, end: datetime) -> Select[Any]:
    """(community_id, exits, entries, denials, people denied, fevers) of the logs of [start, end).
    People denied: distinct passes, plus every denial of no known pass. Grouped by community
    alone, the covering index's order serves the grouping: no sort of the day's logs. On
    PostgreSQL it reads only the partitions of [start, end) (gates/partitions.py)."""
    allowed = GateLog.verdict == Verdict.allow
    denied = GateLog.verdict == Verdict.deny
    return (
        select(
            GateLog.community_id,
            _sum_of(and_(allowed, GateLog.direction == Direction.out)),
            _sum_of(and_(allowed, GateLog.direction == Direction.in_)),
            _sum_of(denied),
            func.count(distinct(case((denied, GateLog.pass_id))))
            + _sum_of(and_(denied, GateLog.pass_id.is_(None))),
            _sum_of(GateLog.fever.is_(True)),
        )
        .where(_logs_of_day(ids, start, end))
        .group_by(GateLog.community_id)
    )


async def gate_counts(
    session: AsyncSession, ids: Ids, start: datetime, end: datetime
) -> Sequence[Any]:
    return (await session.execute(gate_counts_query(ids, start, end))).all()


async def gate_denials(
    session: AsyncSession, ids: Ids, start: datetime, end: datetime
) -> Sequence[Any]:
    """(community_id, reason, n) of the denials of [start, end)."""
    query = (
        select(GateLog.community_id, GateLog.reason, func.count())
        .where(_logs_of_day(ids, start, end), GateLog.verdict == Verdict.deny)
        .group_by(GateLog.community_id, GateLog.reason)
    )
    return (await session.execute(query)).all()


def _hour_of(column: Any, bounds: Sequence[datetime]) -> Any:
    """The index of the hour in `bounds` (UTC instants of the local hours) a time falls in:
    exact in any time zone and on both databases, unlike date functions."""
    return case(
        *[(column < b, i) for i, b in enumerate(bounds[1:-1])], else_=len(bounds) - 2
    ).label("hour")


async def gate_hours(
    session: AsyncSession, community_id: uuid.UUID, bounds: Sequence[datetime]
) -> Sequence[Any]:
    """(hour index, direction, verdict, n) of one community's logs between bounds[0] and [-1]."""
    logs = (
        select(_hour_of(GateLog.occurred_at, bounds), GateLog.direction, GateLog.verdict)
        .where(
            GateLog.community_id == community_id,
            GateLog.occurred_at >= bounds[0],
            GateLog.occurred_at < bounds[-1],
        )
        .subquery()
    )
    query = select(logs.c.hour, logs.c.direction, logs.c.verdict, func.count()).group_by(
        logs.c.hour, logs.c.direction, logs.c.verdict
    )
    return (await session.execute(query)).all()


async def follow_up_hours(
    session: AsyncSession, community_id: uuid.UUID, day: date, bounds: Sequence[datetime]
) -> dict[int, int]:
    checks = (
        select(_hour_of(FollowUp.checked_at, bounds))
        .where(
            FollowUp.community_id == community_id,
            FollowUp.local_date == day,
            FollowUp.checked_at >= bounds[0],
            FollowUp.checked_at < bounds[-1],
        )
        .subquery()
    )
    query = select(checks.c.hour, func.count()).group_by(checks.c.hour)
    return {int(h): int(n) for h, n in (await session.execute(query)).all()}


async def unscreened_households(session: AsyncSession, round_: ScreeningRound) -> int:
    """Households of the round's community with no finished form in it (the work list's size)."""
    done = (
        select(Screening.id)
        .where(
            Screening.round_id == round_.id,
            Screening.household_id == Household.id,
            Screening.outcome.in_(DONE),
        )
        .exists()
    )
    query = select(func.count(Household.id)).where(
        Household.community_id == round_.community_id, ~done
    )
    return int((await session.execute(query)).scalar_one())


async def follow_ups_due(
    session: AsyncSession, community_id: uuid.UUID, day: date, period: FollowUpPeriod
) -> int:
    """How many people `GET /follow-ups/due` lists for the community, `day` and `period` (the
    same rule: a member with an order of their own is due under that one only), counted in two
    index-friendly halves instead of one join on an OR."""
    active = and_(
        Quarantine.community_id == community_id,
        Quarantine.status == QuarantineStatus.active,
        Quarantine.start_date <= day,
    )

    def unchecked(person_id: Any) -> ColumnElement[bool]:
        checked = select(FollowUp.id).where(
            FollowUp.person_id == person_id, FollowUp.local_date == day, FollowUp.period == period
        )
        return ~checked.exists()

    own = aliased(Quarantine)
    has_own = (
        select(own.id)
        .where(own.person_id == Person.id, own.status == QuarantineStatus.active)
        .exists()
    )
    personal = select(func.count()).where(
        active, Quarantine.person_id.is_not(None), unchecked(Quarantine.person_id)
    )
    members = (
        select(func.count())
        .select_from(Quarantine)
        .join(Person, Person.household_id == Quarantine.household_id)
        .where(active, Quarantine.person_id.is_(None), ~has_own, unchecked(Person.id))
    )
    return int((await session.execute(personal)).scalar_one()) + int(
        (await session.execute(members)).scalar_one()
    )
