"""Check-ins 回访 of people on the care list. "Needs help", or a second "no answer" in a row,
raises one task for staff (a red line on the dashboard) until a "fine" clears it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.care_list import repository
from registry.operations.care_list.errors import (
    CareEntryInactive,
    CheckInClientIdReused,
    InvalidCheckInTime,
)
from registry.operations.care_list.models import CareCheckIn, CheckInOutcome
from registry.operations.care_list.schemas import CheckInCreate
from registry.operations.care_list.service import visible_row
from registry.operations.tasks.models import TaskKind
from registry.operations.tasks.schemas import TaskFields
from registry.operations.tasks.service import new_task
from shouhu_common.identity import Principal
from shouhu_common.pii import mask_name

MAX_AGE = timedelta(days=7)  # a check-in made offline may arrive late, not a week late
MAX_AHEAD = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Recorded:
    check_in: CareCheckIn
    created: bool


def _escalation(
    outcome: CheckInOutcome, previous: CheckInOutcome | None, name: str
) -> tuple[str, str] | None:
    if outcome == CheckInOutcome.needs_help:
        return f"关爱对象需要帮助：{name}", "回访时对方表示需要帮助"
    if outcome == CheckInOutcome.no_answer and previous == CheckInOutcome.no_answer:
        return f"关爱对象连续两次未联系上：{name}", "请尽快上门查看"
    return None


async def _replay(
    session: AsyncSession, community_id: uuid.UUID, entry_id: uuid.UUID, client_id: uuid.UUID
) -> Recorded | None:
    earlier = await repository.check_in_by_client_id(session, community_id, client_id)
    if earlier is None:
        return None
    if earlier.entry_id != entry_id:
        raise CheckInClientIdReused(f"client_id {client_id} belongs to another check-in")
    return Recorded(earlier, created=False)


async def check_in(
    session: AsyncSession,
    principal: Principal,
    entry_id: uuid.UUID,
    body: CheckInCreate,
    now: datetime,
) -> Recorded:
    row = await visible_row(session, principal, entry_id)
    entry = row.entry
    community_id = entry.community_id
    earlier = await _replay(session, community_id, entry_id, body.client_id)
    if earlier is not None:
        return earlier
    if not entry.active:
        raise CareEntryInactive()
    checked_at = body.checked_at or now
    if checked_at > now + MAX_AHEAD or checked_at < now - MAX_AGE:
        raise InvalidCheckInTime("checked_at is in the future or more than 7 days ago")
    previous = await repository.last_outcome_before(session, entry.id, checked_at)
    record = CareCheckIn(
        client_id=body.client_id,
        community_id=entry.community_id,
        entry_id=entry.id,
        way=body.way,
        outcome=body.outcome,
        note=body.note,
        checked_at=checked_at,
        recorded_by=principal.subject,
    )
    escalation = _escalation(body.outcome, previous, mask_name(row.name))
    if escalation is not None and entry.escalated_at is None:
        title, why = escalation
        fields = TaskFields(
            kind=TaskKind.care,
            title=title[:100],
            note=f"{why}。{row.address}。{body.note}"[:1000],
            building_id=entry.building_id,
        )
        task = await new_task(session, principal, entry.community_id, fields, now)
        await session.flush()
        entry.escalated_at = now
        entry.escalation_task_id = task.id
        record.escalated = True
    elif body.outcome == CheckInOutcome.fine:
        entry.escalated_at = None
        entry.escalation_task_id = None
    session.add(record)
    try:
        await session.commit()
    except IntegrityError:  # the same client id twice at once: the other request stored it
        await session.rollback()
        again = await _replay(session, community_id, entry_id, body.client_id)
        if again is None:
            raise
        return again
    return Recorded(record, created=True)


async def list_check_ins(
    session: AsyncSession, principal: Principal, entry_id: uuid.UUID, limit: int, offset: int
) -> tuple[list[CareCheckIn], int]:
    await visible_row(session, principal, entry_id)
    return await repository.check_ins_of(session, entry_id, limit, offset)
