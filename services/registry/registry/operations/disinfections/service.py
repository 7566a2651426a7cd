"""Disinfection 消毒: grid workers, volunteers and staff record each place they disinfected (once
per client id: phones retry); the schedules' occurrences of a day, and the overdue list, are
judged against those records (see `occurrences.py`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.disinfections import repository
from registry.operations.disinfections.errors import (
    DisinfectionClientIdReused,
    DisinfectionRecordNotFound,
    InvalidDisinfectionTime,
)
from registry.operations.disinfections.models import DisinfectionRecord
from registry.operations.disinfections.occurrences import (
    MARGIN,
    Done,
    RecordIndex,
    occurrences,
    place_key,
)
from registry.operations.disinfections.repository import RecordFilter
from registry.operations.disinfections.schedules import schedule_views
from registry.operations.disinfections.schemas import (
    DisinfectionCreate,
    DisinfectionRead,
    OccurrenceRead,
    OccurrenceState,
)
from registry.operations.tasks import service as tasks
from registry.operations.tasks.models import TaskKind
from registry.residents.communities import repository as communities
from registry.residents.communities.errors import BuildingNotFound, CommunityNotFound
from registry.residents.communities.service import community_for
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams

CLOCK_SKEW = timedelta(minutes=5)
OLDEST_QUEUED = timedelta(days=7)  # a phone offline for days may sync its records late
OVERDUE_LOOKBACK = timedelta(hours=24)
LONGEST_LOOKBACK = timedelta(days=7)
OVERDUE = (OccurrenceState.overdue, OccurrenceState.missed)
LONGEST_DAY_AHEAD = timedelta(days=366)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Recorded:
    record: DisinfectionRead
    created: bool  # False: a retry with the same client_id


async def _community(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> tuple[uuid.UUID, ZoneInfo]:
    community_id = community_for(principal, community_id)
    community = await communities.get_community(session, community_id)
    if community is None:
        raise CommunityNotFound()
    return community_id, ZoneInfo(community.timezone)


async def _replay(
    session: AsyncSession, principal: Principal, body: DisinfectionCreate
) -> Recorded | None:
    earlier = await repository.get_record_by_client_id(session, body.client_id)
    if earlier is None:
        return None
    if not principal.in_community(earlier.community_id):
        raise DisinfectionRecordNotFound()
    same = (earlier.place_kind, earlier.building_id, earlier.place)
    if same != (body.place_kind, body.building_id, body.place):
        raise DisinfectionClientIdReused(f"client_id {body.client_id} belongs to another record")
    return Recorded(DisinfectionRead.model_validate(earlier), created=False)


async def record_disinfection(
    session: AsyncSession, principal: Principal, body: DisinfectionCreate
) -> Recorded:
    """A building, lift or stairwell is one of the community's buildings; the work was done in
    the last 7 days (an offline phone syncs late), not in the future."""
    if earlier := await _replay(session, principal, body):
        return earlier
    community_id, _ = await _community(session, principal, body.community_id)
    if body.building_id is not None:
        building = await communities.get_building(session, body.building_id)
        if building is None or building.community_id != community_id:
            raise BuildingNotFound("no such building in the community")
    now = utc_now()
    done_at = body.done_at or now
    if not now - OLDEST_QUEUED <= done_at <= now + CLOCK_SKEW:
        raise InvalidDisinfectionTime("done_at must be within the last 7 days, not in the future")
    if body.task_id is not None:
        note = f"已登记消毒记录（{body.agent} {body.concentration}）"
        await tasks.complete_with_record(
            session, principal, body.task_id, community_id, TaskKind.disinfection, note
        )
    record = DisinfectionRecord(
        client_id=body.client_id,
        community_id=community_id,
        place_kind=body.place_kind,
        building_id=body.building_id,
        place=body.place,
        agent=body.agent,
        concentration=body.concentration,
        done_at=done_at,
        done_by=body.done_by or principal.name or principal.subject,
        note=body.note,
        recorded_by=principal.subject,
        recorded_at=now,
        task_id=body.task_id,
    )
    repository.add(session, record)
    try:
        await session.commit()
    except IntegrityError:  # the same client_id arrived twice at once
        await session.rollback()
        replayed = await _replay(session, principal, body)
        if replayed is None:
            raise
        return replayed
    return Recorded(DisinfectionRead.model_validate(record), created=True)


async def get_record(
    session: AsyncSession, principal: Principal, record_id: uuid.UUID
) -> DisinfectionRead:
    record = await repository.get_record(session, record_id)
    if record is None or not principal.in_community(record.community_id):
        raise DisinfectionRecordNotFound()
    return DisinfectionRead.model_validate(record)


async def list_records(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    flt: RecordFilter,
    page: PageParams,
) -> Page[DisinfectionRead]:
    if community_id is not None:
        only: list[uuid.UUID] | None = (
            [community_id] if principal.in_community(community_id) else []
        )
    else:
        only = None if principal.role == Role.admin else list(principal.community_ids)
    for bound in (flt.since, flt.until):
        if bound is not None and not EARLIEST <= bound <= LATEST:
            raise InvalidDisinfectionTime("since and until are between 2000 and 2100")
    flt = RecordFilter(only, flt.place_kind, flt.building_id, flt.since, flt.until)
    total, rows = await repository.list_records(session, flt, page.limit, page.offset)
    items = [DisinfectionRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


async def occurrences_between(
    session: AsyncSession,
    community_id: uuid.UUID,
    zone: ZoneInfo,
    start: datetime,
    end: datetime,
    now: datetime,
) -> list[OccurrenceRead]:
    """Every active schedule's occurrences due in [start, end), soonest first."""
    views = await schedule_views(session, community_id)
    if not views:
        return []
    # a record done after `now` does not count yet: the list is judged as it stood at `now`
    until = min(end + MARGIN, now + CLOCK_SKEW)
    rows = await repository.records_between(session, community_id, start - MARGIN, until)
    index = RecordIndex(
        (place_key(kind, building_id, place), Done(rid, done_at))
        for rid, kind, building_id, place, done_at in rows
    )
    found = [o for v in views for o in occurrences(v, index, start, end, now, zone)]
    return sorted(found, key=lambda o: (o.due_at, o.schedule_name, o.place))


async def day_occurrences(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None, day: date | None
) -> list[OccurrenceRead]:
    """A local day's checklist: what is due where, and what is done."""
    community_id, zone = await _community(session, principal, community_id)
    now = utc_now()
    today = now.astimezone(zone).date()
    day = day or today
    if abs(day - today) > LONGEST_DAY_AHEAD:
        raise InvalidDisinfectionTime("day is within a year of today")
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return await occurrences_between(session, community_id, zone, start, end, now)


async def overdue_disinfections(
    session: AsyncSession,
    community_id: uuid.UUID,
    now_utc: datetime,
    since_utc: datetime | None = None,
) -> list[OccurrenceRead]:
    """Occurrences due since `since_utc` (default: the last 24 hours) whose due time plus grace
    has passed with no matching record: `overdue` while a record can still catch up, `missed`
    once the window closed. For the dashboard and the daily report."""
    community = await communities.get_community(session, community_id)
    if community is None:
        return []
    since = since_utc or now_utc - OVERDUE_LOOKBACK
    found = await occurrences_between(
        session, community_id, ZoneInfo(community.timezone), since, now_utc, now_utc
    )
    return [o for o in found if o.state in OVERDUE]


async def overdue_disinfection_count(
    session: AsyncSession, community_id: uuid.UUID, now_utc: datetime
) -> int:
    """How many occurrences of the last 24 hours are overdue or missed."""
    return len(await overdue_disinfections(session, community_id, now_utc))


async def list_overdue(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    since: datetime | None,
) -> list[OccurrenceRead]:
    community_id, _ = await _community(session, principal, community_id)
    now = utc_now()
    if since is not None and not now - LONGEST_LOOKBACK <= since <= now:
        raise InvalidDisinfectionTime("since must be within the last 7 days")
    return await overdue_disinfections(session, community_id, now, since)
