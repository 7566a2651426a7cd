"""Figures owned by the roster, task, care-list and medicine domains (shifts, tasks,
disinfection, the care list, cards held by a worker who may not hold them), read through their
services so the report and the dashboard count them as those domains do."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.care_list.figures import CareDay, care_day, care_open
from registry.operations.disinfections.service import overdue_disinfection_count
from registry.operations.medicine.custody import flagged_count
from registry.operations.shifts.service import uncovered_shifts as unstaffed_shifts
from registry.operations.tasks.service import tasks_done_count


async def tasks_done(
    session: AsyncSession, community_ids: Sequence[uuid.UUID], start: datetime, end: datetime
) -> dict[uuid.UUID, int]:
    return {c: await tasks_done_count(session, c, start, end) for c in community_ids}


async def uncovered_shifts(
    session: AsyncSession, community_id: uuid.UUID, start: datetime, end: datetime
) -> int:
    """Shifts running in [start, end) with fewer people than they need (nobody included)."""
    return len(await unstaffed_shifts(session, community_id, start, end, now=start))


async def overdue_disinfections(
    session: AsyncSession, community_id: uuid.UUID, now: datetime
) -> int:
    """Scheduled disinfections of the last 24 hours overdue or missed."""
    return await overdue_disinfection_count(session, community_id, now)


async def care_days(
    session: AsyncSession,
    community_ids: Sequence[uuid.UUID],
    day: date,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
) -> dict[uuid.UUID, CareDay]:
    return {c: await care_day(session, c, day, start, end, zone) for c in community_ids}


async def care_now(
    session: AsyncSession, community_id: uuid.UUID, now: datetime, zone: ZoneInfo
) -> tuple[int, int]:
    return await care_open(session, community_id, now, zone)


async def custody_flagged(session: AsyncSession, community_id: uuid.UUID) -> int:
    """Insurance cards and record books held by a worker in quarantine or off duty."""
    return await flagged_count(session, community_id)
