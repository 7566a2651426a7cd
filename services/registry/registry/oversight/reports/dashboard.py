"""The registry's part of the staff dashboard: one community's figures so far today, its open
work now, and today's hours (gate passages, follow-ups done) for the chart."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.models import Verdict
from registry.health.follow_ups.models import FollowUpPeriod
from registry.health.follow_ups.service import period_of
from registry.health.screenings.repository import current_round
from registry.oversight.appeals.repository import count_open_appeals
from registry.oversight.bulk_approvals.repository import count_pending
from registry.oversight.reports import operations, repository
from registry.oversight.reports.schemas import DashboardHour, OpenWork, RegistryDashboard
from registry.oversight.reports.service import (
    Day,
    communities_in_scope,
    day_figures,
    local_day,
    zone_of,
)
from registry.oversight.reports.testing import testing_day
from registry.residents.communities.errors import CommunityUnclear
from registry.residents.communities.models import Community
from shouhu_common.identity import Principal, Role

HOURS = 24


async def _community(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> Community:
    if community_id is None:
        if principal.role == Role.admin or len(principal.community_ids) != 1:
            raise CommunityUnclear("you work in several communities: name one (community_id)")
        community_id = principal.community_ids[0]
    (community,) = await communities_in_scope(session, principal, community_id)
    return community


async def _open_work(
    session: AsyncSession, community: Community, local_now: datetime, open_referrals: int
) -> OpenWork:
    round_ = await current_round(session, community.id)
    unscreened = await repository.unscreened_households(session, round_) if round_ else None
    today, period = local_now.date(), period_of(local_now)
    if period == FollowUpPeriod.morning:
        missed_day, missed_period = today - timedelta(days=1), FollowUpPeriod.evening
    else:
        missed_day, missed_period = today, FollowUpPeriod.morning
    now = local_now.astimezone(UTC)
    care_due, care_escalated = await operations.care_now(
        session,
        community.id,
        now,
        local_now.tzinfo,  # type: ignore[arg-type]
    )
    testing = await testing_day(session, community.id, today)
    return OpenWork(
        screening_round=round_.number if round_ else None,
        unscreened_households=unscreened,
        follow_up_period=period.value,
        follow_ups_due=await repository.follow_ups_due(session, community.id, today, period),
        follow_ups_missed=await repository.follow_ups_due(
            session, community.id, missed_day, missed_period
        ),
        missed_period_date=missed_day,
        missed_period=missed_period.value,
        open_referrals=open_referrals,
        uncovered_shifts=await operations.uncovered_shifts(
            session, community.id, now, now + timedelta(hours=24)
        ),
        overdue_disinfections=await operations.overdue_disinfections(session, community.id, now),
        care_due=care_due,
        care_escalated=care_escalated,
        custody_flagged=await operations.custody_flagged(session, community.id),
        bulk_changes_pending=await count_pending(session, community.id),
        appeals_open=await count_open_appeals(session, community.id),
        testing_round_id=testing.round_id,
        testing_missing=testing.missing if testing.round_id else None,
    )


async def _hours(session: AsyncSession, community_id: uuid.UUID, day: Day) -> list[DashboardHour]:
    bounds = [day.start + timedelta(hours=h) for h in range(HOURS + 1)]
    hours = [
        DashboardHour(
            hour=bounds[h].astimezone(day.zone),
            passages_out=0,
            passages_in=0,
            denied=0,
            follow_ups_done=0,
        )
        for h in range(HOURS)
    ]
    for h, direction, verdict, n in await repository.gate_hours(session, community_id, bounds):
        figures = hours[int(h)]
        if verdict != Verdict.allow:
            figures.denied += n
        elif direction == "out":
            figures.passages_out += n
        else:
            figures.passages_in += n
    for h, n in (await repository.follow_up_hours(session, community_id, day.date, bounds)).items():
        hours[h].follow_ups_done = n
    return hours


async def dashboard(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None, now: datetime
) -> RegistryDashboard:
    """Staff's own community (name one when there are several); computed on each call."""
    community = await _community(session, principal, community_id)
    zone = zone_of(community)
    local_now = now.astimezone(zone)
    day = local_day(local_now.date(), zone)
    (today,) = await day_figures(session, [community], day)
    return RegistryDashboard(
        community_id=community.id,
        community_name=community.name,
        time_zone=zone.key,
        date=day.date,
        now=local_now,
        today=today,
        open_work=await _open_work(session, community, local_now, today.referrals_open),
        hours=await _hours(session, community.id, day),
    )
