"""The registry's part of the daily report (日报): per community and community-local day, figures
computed from the records on each call, never typed in. Days are local; stored times are UTC."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.quarantines.models import QuarantineKind
from registry.oversight.reports import operations, repository
from registry.oversight.reports.errors import ReportDayInFuture
from registry.oversight.reports.schemas import (
    CommunityDayFigures,
    GateDayFigures,
    RegistryDailyReport,
)
from registry.oversight.reports.testing import testing_day
from registry.residents.communities.errors import CommunityNotFound
from registry.residents.communities.models import Community
from shouhu_common.identity import Principal, Role

DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True, slots=True)
class Day:
    """A community-local day as the UTC instants [start, end)."""

    date: date
    zone: ZoneInfo
    start: datetime
    end: datetime


def zone_of(community: Community) -> ZoneInfo:
    try:
        return ZoneInfo(community.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return DEFAULT_ZONE


def local_day(day: date, zone: ZoneInfo) -> Day:
    start = datetime.combine(day, time(0), zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(UTC)
    return Day(day, zone, start, end)


async def communities_in_scope(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> Sequence[Community]:
    """An admin's: every community; anyone else's: those of their account (an officer's are the
    sub-district's). Asking for a community outside them is 404, as if it did not exist."""
    only = None if principal.role == Role.admin else list(principal.community_ids)
    if community_id is not None:
        if only is not None and community_id not in only:
            raise CommunityNotFound()
        only = [community_id]
    found = await repository.communities(session, only)
    if community_id is not None and not found:
        raise CommunityNotFound()
    return found


def refuse_future(day: date, zone: ZoneInfo, now: datetime) -> None:
    today = now.astimezone(zone).date()
    if day > today:
        raise ReportDayInFuture(f"{day} is after today ({today}, {zone.key}): no figures yet")


def _gate_figures(counts: Sequence[Any], denials: Sequence[Any]) -> dict[uuid.UUID, GateDayFigures]:
    figures = {
        c: GateDayFigures(
            passages_out=int(out),
            passages_in=int(in_),
            denied=int(denied),
            denied_people=int(people),
            denied_by_reason={},
            fevers=int(fevers),
        )
        for c, out, in_, denied, people, fevers in counts
    }
    for community_id, reason, n in denials:
        by_reason = figures[community_id].denied_by_reason
        key = str(reason or "unknown")
        by_reason[key] = by_reason.get(key, 0) + int(n)
    return figures


async def day_figures(
    session: AsyncSession, communities: Sequence[Community], day: Day
) -> list[CommunityDayFigures]:
    """The figures of `communities` (all in `day.zone`) for `day`: one query per kind of record
    for all of them together."""
    ids = [c.id for c in communities]
    if not ids:
        return []
    households = await repository.households_on_file(session, ids)
    screened = await repository.screened(session, ids, day.start, day.end)
    returnees = await repository.returnees_registered(session, ids, day.start, day.end)
    visitors = await repository.visitors_registered(session, ids, day.start, day.end)
    orders = await repository.quarantine_orders(session, ids, day.date, day.start, day.end)
    people = await repository.quarantined_people(session, ids, day.date, day.end)
    households_quarantined = await repository.quarantined_households(
        session, ids, day.date, day.end
    )
    referrals = await repository.referrals(session, ids, day.start, day.end)
    gates = _gate_figures(
        await repository.gate_counts(session, ids, day.start, day.end),
        await repository.gate_denials(session, ids, day.start, day.end),
    )
    tasks = await operations.tasks_done(session, ids, day.start, day.end)
    care = await operations.care_days(session, ids, day.date, day.start, day.end, day.zone)
    testing = {c: await testing_day(session, c, day.date) for c in ids}
    empty_gate = GateDayFigures(
        passages_out=0, passages_in=0, denied=0, denied_people=0, denied_by_reason={}, fevers=0
    )
    out = []
    for c in communities:
        started, released = orders.get(c.id, (0, 0))
        opened, still_open = referrals.get(c.id, (0, 0))
        quarantined = people.get(c.id, Counter())
        out.append(
            CommunityDayFigures(
                community_id=c.id,
                community_name=c.name,
                subdistrict=c.subdistrict,
                households=households.get(c.id, 0),
                households_screened=screened.get(c.id, (0, 0))[0],
                high_risk_households=screened.get(c.id, (0, 0))[1],
                returnees_registered=returnees.get(c.id, 0),
                visitors_registered=visitors.get(c.id, 0),
                people_home_quarantine=quarantined[QuarantineKind.home],
                people_centralized_quarantine=quarantined[QuarantineKind.centralized],
                households_in_quarantine=households_quarantined.get(c.id, 0),
                quarantines_started=started,
                quarantines_released=released,
                referrals_opened=opened,
                referrals_open=still_open,
                gate=gates.get(c.id, empty_gate),
                tasks_done=tasks.get(c.id, 0),
                care_due=care[c.id].due,
                care_checked=care[c.id].checked,
                care_escalated=care[c.id].escalated,
                testing_expected=testing[c.id].expected,
                testing_sampled=testing[c.id].sampled,
                testing_missing=testing[c.id].missing,
                testing_positive_tubes=testing[c.id].positive_tubes,
            )
        )
    return out


async def daily_report(
    session: AsyncSession,
    principal: Principal,
    day: date | None,
    community_id: uuid.UUID | None,
    now: datetime,
) -> RegistryDailyReport:
    """Every community in the caller's scope (or the one asked for), for `day` (default: today
    in the communities' time zone). Refused for a day after today; today's figures are so far."""
    communities = await communities_in_scope(session, principal, community_id)
    first_zone = zone_of(communities[0]) if communities else DEFAULT_ZONE
    day = day or now.astimezone(first_zone).date()
    refuse_future(day, first_zone, now)
    figures: list[CommunityDayFigures] = []
    by_zone = sorted(communities, key=lambda c: zone_of(c).key)
    for _, group in groupby(by_zone, key=lambda c: zone_of(c).key):
        members = list(group)
        zone = zone_of(members[0])
        refuse_future(day, zone, now)
        figures += await day_figures(session, members, local_day(day, zone))
    order = {c.id: n for n, c in enumerate(communities)}
    figures.sort(key=lambda f: order[f.community_id])
    return RegistryDailyReport(date=day, generated_at=now, communities=figures)
