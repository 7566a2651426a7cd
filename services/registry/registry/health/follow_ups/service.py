"""Twice-daily follow-ups of people under quarantine, and who is still due one.

A check belongs to the morning before 12:00 in the community's time zone, to the evening after.
A retry with the same client id returns the first check. A temperature at or above the
community's fever threshold refers the person to the fever clinic in the same transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.follow_ups import repository
from registry.health.follow_ups.errors import (
    FollowUpCommunityRequired,
    InvalidCheckTime,
    PersonNotInQuarantine,
    QuarantineNotActive,
)
from registry.health.follow_ups.models import FollowUp, FollowUpPeriod, Symptom
from registry.health.follow_ups.repository import Area, FollowUpFilter
from registry.health.follow_ups.schemas import (
    DueFollowUp,
    DueFollowUpPage,
    FollowUpCreate,
    FollowUpRead,
)
from registry.health.quarantine_rules.service import rules_for
from registry.health.quarantines.errors import ClientIdReused
from registry.health.quarantines.models import QuarantineStatus
from registry.health.quarantines.service import visible_quarantine
from registry.health.referrals.repository import referral_ids_of_follow_ups, referral_of_follow_up
from registry.health.referrals.service import refer_if_feverish
from registry.residents.assignments.scope import Scope, scope_of
from registry.residents.communities.errors import CommunityNotFound
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams

NOON = 12
CLOCK_SKEW = timedelta(minutes=5)
OLDEST_QUEUED = timedelta(hours=48)  # an offline phone may sync a day's checks late


@dataclass(frozen=True, slots=True)
class Recorded:
    follow_up: FollowUpRead
    created: bool


def period_of(local: datetime) -> FollowUpPeriod:
    return FollowUpPeriod.morning if local.hour < NOON else FollowUpPeriod.evening


def _area(scope: Scope) -> Area:
    return Area(scope.community_ids, scope.building_ids, scope.floors)


def _read(
    follow_up: FollowUp, name: str, threshold: float, referral_id: uuid.UUID | None
) -> FollowUpRead:
    return FollowUpRead(
        id=follow_up.id,
        client_id=follow_up.client_id,
        quarantine_id=follow_up.quarantine_id,
        person_id=follow_up.person_id,
        person_name=name,
        checked_at=follow_up.checked_at,
        local_date=follow_up.local_date,
        period=follow_up.period,
        temperature=follow_up.temperature,
        symptoms=[Symptom(s) for s in follow_up.symptoms.split(",") if s],
        recorded_by=follow_up.recorded_by,
        fever=follow_up.temperature >= round(threshold, 1),
        referral_id=referral_id,
    )


async def _replay(
    session: AsyncSession, principal: Principal, earlier: FollowUp, check: FollowUpCreate
) -> Recorded:
    if (earlier.quarantine_id, earlier.person_id) != (check.quarantine_id, check.person_id):
        raise ClientIdReused(f"client_id {check.client_id} belongs to another follow-up")
    await visible_quarantine(session, await scope_of(session, principal), earlier.quarantine_id)
    person = await repository.get_person(session, earlier.community_id, earlier.person_id)
    threshold = (await rules_for(session, earlier.community_id)).fever_threshold
    referral = await referral_of_follow_up(session, earlier.community_id, earlier.id)
    name = person.name if person else ""
    return Recorded(_read(earlier, name, threshold, referral.id if referral else None), False)


async def record_follow_up(
    session: AsyncSession, principal: Principal, check: FollowUpCreate
) -> Recorded:
    """Only for an active quarantine in the caller's area, and for a person it covers."""
    earlier = await repository.get_by_client_id(session, check.client_id)
    if earlier is not None:
        return await _replay(session, principal, earlier, check)
    row = await visible_quarantine(session, await scope_of(session, principal), check.quarantine_id)
    quarantine = row.quarantine
    if quarantine.status != QuarantineStatus.active:
        raise QuarantineNotActive()
    person = await repository.get_person(session, quarantine.community_id, check.person_id)
    covered = person is not None and (
        person.id == quarantine.person_id
        or (quarantine.person_id is None and person.household_id == quarantine.household_id)
    )
    if person is None or not covered:
        raise PersonNotInQuarantine()

    rules = await rules_for(session, quarantine.community_id)
    now = utc_now()
    checked_at = check.checked_at or now
    if checked_at > now + CLOCK_SKEW or checked_at < now - OLDEST_QUEUED:
        raise InvalidCheckTime("checked_at must be within the last 48 hours, not in the future")
    local = checked_at.astimezone(rules.zone)
    follow_up = FollowUp(
        client_id=check.client_id,
        quarantine_id=quarantine.id,
        community_id=quarantine.community_id,
        person_id=person.id,
        checked_at=checked_at,
        local_date=local.date(),
        period=period_of(local),
        temperature=check.temperature,
        symptoms=",".join(check.symptoms),
        recorded_by=principal.subject,
    )
    session.add(follow_up)
    try:
        await session.flush()
        referral = await refer_if_feverish(
            session, follow_up, quarantine.household_id, rules.fever_threshold
        )
        await session.commit()
    except IntegrityError:
        # The same client id arrived twice at once: the other request recorded it.
        await session.rollback()
        earlier = await repository.get_by_client_id(session, check.client_id)
        if earlier is None:
            raise
        return await _replay(session, principal, earlier, check)
    read = _read(follow_up, person.name, rules.fever_threshold, referral.id if referral else None)
    return Recorded(read, created=True)


async def list_follow_ups(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    flt: FollowUpFilter,
    page: PageParams,
) -> Page[FollowUpRead]:
    scope = (await scope_of(session, principal)).narrowed_to(community_id)
    flt = FollowUpFilter(_area(scope), flt.quarantine_id, flt.person_id, flt.local_date, flt.period)
    total = await repository.count_follow_ups(session, flt)
    rows = await repository.list_follow_ups(session, flt, page.limit, page.offset)
    referrals = await referral_ids_of_follow_ups(
        session, {f.community_id for f, _ in rows}, [f.id for f, _ in rows]
    )
    thresholds: dict[uuid.UUID, float] = {}
    for community in {f.community_id for f, _ in rows}:
        thresholds[community] = (await rules_for(session, community)).fever_threshold
    items = [_read(f, name, thresholds[f.community_id], referrals.get(f.id)) for f, name in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def _community_of(principal: Principal, community_id: uuid.UUID | None) -> uuid.UUID:
    if community_id is not None:
        return community_id
    if len(principal.community_ids) == 1:
        return principal.community_ids[0]
    raise FollowUpCommunityRequired("you work in several communities: name one")


async def list_due(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    day: date | None,
    period: FollowUpPeriod | None,
    page: PageParams,
) -> DueFollowUpPage:
    """People under active quarantine (started by `day`) not checked in `period` of `day`:
    by default the current period of today in the community's time zone. Where the community
    lets self-reports replace calls, a household's self-report counts as the check."""
    community_id = _community_of(principal, community_id)
    scope = (await scope_of(session, principal)).narrowed_to(community_id)
    if scope.community_ids == ():
        raise CommunityNotFound()
    rules = await rules_for(session, community_id)
    zone: ZoneInfo = rules.zone
    local_now = datetime.now(zone)
    day = day or local_now.date()
    period = period or period_of(local_now)
    area = _area(scope)
    replaced = rules.self_reports_replace_calls
    total = await repository.count_due(session, area, day, period, replaced)
    rows = await repository.list_due(session, area, day, period, replaced, page.limit, page.offset)
    items = [
        DueFollowUp(
            quarantine_id=r.quarantine.id,
            person_id=r.person_id,
            person_name=r.person_name,
            household_id=r.quarantine.household_id,
            address=r.address,
            kind=r.quarantine.kind,
            planned_end_date=r.quarantine.planned_end_date,
        )
        for r in rows
    ]
    return DueFollowUpPage(
        items=items,
        total=total,
        limit=page.limit,
        offset=page.offset,
        local_date=day,
        period=period,
    )
