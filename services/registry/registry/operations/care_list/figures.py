"""The care list's figures for the daily report and the dashboard."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.care_list import repository
from registry.operations.care_list.service import due_on


@dataclass(frozen=True, slots=True)
class CareDay:
    due: int  # entries due that day (or overdue going into it)
    checked: int  # check-ins made that day
    escalated: int  # of those, how many raised a task


async def care_day(
    session: AsyncSession,
    community_id: uuid.UUID,
    day: date,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
) -> CareDay:
    entries = await repository.last_check_ins_before(session, community_id, start, end)
    due = 0
    for entry, last in entries:
        next_due = due_on(entry, last, zone)
        if next_due is not None and next_due <= day:
            due += 1
    checked, escalated = await repository.day_counts(session, community_id, start, end)
    return CareDay(due, checked, escalated)


async def care_open(
    session: AsyncSession, community_id: uuid.UUID, now: datetime, zone: ZoneInfo
) -> tuple[int, int]:
    """Check-ins due now (today's not yet made, and overdue ones), and entries escalated."""
    entries = await repository.last_check_ins_before(session, community_id, now, now)
    today = now.astimezone(zone).date()
    due = sum(1 for e, last in entries if (d := due_on(e, last, zone)) is not None and d <= today)
    return due, await repository.escalated_count(session, community_id)
