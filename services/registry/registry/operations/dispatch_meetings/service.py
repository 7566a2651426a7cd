"""Dispatch log 调度会: the notes of the community office's twice-daily meeting. Its action
items become tasks in the same transaction as the note, each linked back to the meeting: either
the note and all its tasks are saved, or nothing is. A retry with the same client id returns the
first note and makes no task twice."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.dispatch_meetings import repository
from registry.operations.dispatch_meetings.errors import (
    InvalidMeetingTime,
    MeetingClientIdReused,
    MeetingNotFound,
)
from registry.operations.dispatch_meetings.models import DispatchMeeting, MeetingPeriod
from registry.operations.dispatch_meetings.schemas import MeetingCreate, MeetingRead
from registry.operations.tasks.models import Task
from registry.operations.tasks.service import new_task, read_task
from registry.residents.communities import repository as communities
from registry.residents.communities.errors import CommunityNotFound
from registry.residents.communities.service import community_for
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams

NOON = 12
CLOCK_SKEW = timedelta(minutes=5)
OLDEST_NOTE = timedelta(days=30)


def _read(meeting: DispatchMeeting, tasks: list[Task], now: datetime) -> MeetingRead:
    return MeetingRead(
        id=meeting.id,
        client_id=meeting.client_id,
        community_id=meeting.community_id,
        held_at=meeting.held_at,
        local_date=meeting.local_date,
        period=meeting.period,
        chair=meeting.chair,
        attendees=meeting.attendees,
        notes=meeting.notes,
        decisions=meeting.decisions,
        tasks=[read_task(t, now) for t in tasks],
        created_by=meeting.created_by,
        created_at=meeting.created_at,
    )


async def _read_one(session: AsyncSession, meeting: DispatchMeeting) -> MeetingRead:
    tasks = await repository.tasks_of_meetings(session, [meeting.id])
    return _read(meeting, tasks[meeting.id], utc_now())


async def _replay(
    session: AsyncSession, principal: Principal, body: MeetingCreate
) -> tuple[MeetingRead, bool] | None:
    assert body.client_id is not None
    earlier = await repository.get_by_client_id(session, body.client_id)
    if earlier is None:
        return None
    if not principal.in_community(earlier.community_id):
        raise MeetingNotFound()
    if body.community_id not in (None, earlier.community_id):
        raise MeetingClientIdReused(f"client_id {body.client_id} belongs to another meeting")
    return await _read_one(session, earlier), False


async def record_meeting(
    session: AsyncSession, principal: Principal, body: MeetingCreate
) -> tuple[MeetingRead, bool]:
    """(the meeting, created); held in the last 30 days, not in the future."""
    if body.client_id is not None and (earlier := await _replay(session, principal, body)):
        return earlier
    community_id = community_for(principal, body.community_id)
    community = await communities.get_community(session, community_id)
    if community is None:
        raise CommunityNotFound()
    now = utc_now()
    held_at = body.held_at or now
    if not now - OLDEST_NOTE <= held_at <= now + CLOCK_SKEW:
        raise InvalidMeetingTime("held_at must be within the last 30 days, not in the future")
    local = held_at.astimezone(ZoneInfo(community.timezone))
    meeting = DispatchMeeting(
        id=uuid.uuid4(),
        client_id=body.client_id,
        community_id=community_id,
        held_at=held_at,
        local_date=local.date(),
        period=MeetingPeriod.morning if local.hour < NOON else MeetingPeriod.evening,
        chair=body.chair,
        attendees=body.attendees,
        notes=body.notes,
        decisions=body.decisions,
        created_by=principal.subject,
        created_at=now,
    )
    repository.add(session, meeting)
    try:
        await session.flush()  # the tasks' foreign key needs the meeting's row first
        for item in body.action_items:
            await new_task(session, principal, community_id, item, now, meeting_id=meeting.id)
        await session.commit()
    except IntegrityError:  # the same client_id arrived twice at once
        await session.rollback()
        replayed = await _replay(session, principal, body) if body.client_id else None
        if replayed is None:
            raise
        return replayed
    return await _read_one(session, meeting), True


async def get_meeting(
    session: AsyncSession, principal: Principal, meeting_id: uuid.UUID
) -> MeetingRead:
    meeting = await repository.get_meeting(session, meeting_id)
    if meeting is None or not principal.in_community(meeting.community_id):
        raise MeetingNotFound()
    return await _read_one(session, meeting)


async def list_meetings(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    day: date | None,
    page: PageParams,
) -> Page[MeetingRead]:
    if community_id is not None:
        only: list[uuid.UUID] | None = (
            [community_id] if principal.in_community(community_id) else []
        )
    else:
        only = None if principal.role == Role.admin else list(principal.community_ids)
    total, meetings = await repository.list_meetings(session, only, day, page.limit, page.offset)
    tasks = await repository.tasks_of_meetings(session, [m.id for m in meetings])
    now = utc_now()
    items = [_read(m, tasks[m.id], now) for m in meetings]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
