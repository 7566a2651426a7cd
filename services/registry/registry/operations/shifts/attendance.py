"""At the shift: a worker checks in and out through their own account (staff may do it for
anyone), and sees their own shifts. The account links to the roster by its username."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.shifts import repository
from registry.operations.shifts.errors import (
    CheckInOutsideShift,
    NotCheckedIn,
    NotOnShift,
    NoWorkerForAccount,
    OnlyYourself,
)
from registry.operations.shifts.models import Shift, ShiftAssignment
from registry.operations.shifts.reads import label, local_date, shift_read, zone_of
from registry.operations.shifts.schemas import CheckIn, MyShiftRead, ShiftRead
from registry.operations.shifts.service import shift_in_reach
from registry.operations.workers.service import workers_of_account
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission, allows

CHECK_IN_EARLY = timedelta(minutes=30)


async def _assignment(
    session: AsyncSession, principal: Principal, shift: Shift, body: CheckIn
) -> ShiftAssignment:
    """The caller's own place on the shift, or, for staff, the named worker's."""
    if body.worker_id is not None and allows(principal.role, Permission.shifts_manage):
        worker_id = body.worker_id
    else:
        mine = await workers_of_account(session, principal, [shift.community_id])
        if not mine:
            raise NoWorkerForAccount(f"请工作人员在名册中为账号 {principal.username} 建立关联")
        if body.worker_id is not None and body.worker_id != mine[0].id:
            raise OnlyYourself()
        worker_id = mine[0].id
    assignment = await repository.get_assignment(session, shift.id, worker_id)
    if assignment is None:
        raise NotOnShift()
    return assignment


async def check_in(
    session: AsyncSession, principal: Principal, shift_id: uuid.UUID, body: CheckIn, now: datetime
) -> ShiftRead:
    """Open from 30 minutes before the start to the end for the worker themself; staff may
    record it at any time. Checking in twice keeps the first time."""
    shift = await shift_in_reach(session, principal, shift_id)
    assignment = await _assignment(session, principal, shift, body)
    if assignment.checked_in_at is None:
        manager = allows(principal.role, Permission.shifts_manage)
        if not manager and not (shift.starts_at - CHECK_IN_EARLY <= now < shift.ends_at):
            zone = await zone_of(session, shift.community_id)
            raise CheckInOutsideShift(
                f"班次 {label(shift.starts_at, shift.ends_at, zone)}，开班前 30 分钟起可签到"
            )
        assignment.checked_in_at = now
        assignment.checked_in_by = principal.subject
        await session.commit()
    return await shift_read(session, shift)


async def check_out(
    session: AsyncSession, principal: Principal, shift_id: uuid.UUID, body: CheckIn, now: datetime
) -> ShiftRead:
    """Needs a check-in first; checking out twice keeps the first time."""
    shift = await shift_in_reach(session, principal, shift_id)
    assignment = await _assignment(session, principal, shift, body)
    if assignment.checked_in_at is None:
        raise NotCheckedIn()
    if assignment.checked_out_at is None:
        assignment.checked_out_at = max(now, assignment.checked_in_at)
        assignment.checked_out_by = principal.subject
        await session.commit()
    return await shift_read(session, shift)


async def my_shifts(
    session: AsyncSession, principal: Principal, start: datetime, end: datetime
) -> list[MyShiftRead]:
    """The caller's shifts (through the roster entries linked to their account) that are
    still running after `start` and begin before `end`."""
    mine = await workers_of_account(session, principal)
    if not mine:
        return []
    rows = await repository.assignments_of_workers(session, [w.id for w in mine], start, end)
    crews = await repository.crew_of(session, [s.id for _, s in rows])
    gates = await repository.gate_names(session, [s.gate_id for _, s in rows])
    zones = {c: await zone_of(session, c) for c in {s.community_id for _, s in rows}}
    return [
        MyShiftRead(
            shift_id=s.id,
            worker_id=a.worker_id,
            community_id=s.community_id,
            gate_id=s.gate_id,
            gate_name=gates.get(s.gate_id, ""),
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            local_date=local_date(s.starts_at, zones[s.community_id]),
            label=label(s.starts_at, s.ends_at, zones[s.community_id]),
            checked_in_at=a.checked_in_at,
            checked_out_at=a.checked_out_at,
            colleagues=[w.name for other, w in crews[s.id] if other.worker_id != a.worker_id],
        )
        for a, s in rows
    ]
