"""Shifts 排班: staff put workers on shifts at the gates. One person is never on two shifts
at once; a shift ends after it starts and lasts at most a day. The coverage functions the
dashboard and the daily report use live in `coverage` and are re-exported here."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.shifts import repository
from registry.operations.shifts.coverage import coverage_summary, uncovered_shifts
from registry.operations.shifts.errors import (
    AlreadyOnShift,
    NotOnShift,
    ShiftClientIdReused,
    ShiftEndsBeforeStart,
    ShiftExists,
    ShiftGateNotFound,
    ShiftNotFound,
    ShiftOverlap,
    ShiftStarted,
    ShiftTooLong,
    ShiftWorkerNotFound,
    WorkerInactive,
)
from registry.operations.shifts.models import Shift, ShiftAssignment
from registry.operations.shifts.reads import label, shift_read, shift_reads, zone_of
from registry.operations.shifts.repository import ShiftFilter
from registry.operations.shifts.schemas import ShiftAssignmentCreate, ShiftCreate, ShiftRead
from registry.operations.workers import repository as workers
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams

__all__ = [
    "assign_worker",
    "coverage_summary",
    "create_shift",
    "delete_shift",
    "get_shift",
    "list_shifts",
    "shift_in_reach",
    "unassign_worker",
    "uncovered_shifts",
]

MAX_SHIFT = timedelta(hours=24)


def check_times(starts_at: datetime, ends_at: datetime) -> None:
    """A night shift is fine as two datetimes; an end at or before the start is not."""
    if ends_at <= starts_at:
        raise ShiftEndsBeforeStart(
            f"结束时间 {ends_at.isoformat()} 不晚于开始时间 {starts_at.isoformat()}"
            "（跨夜班次请把结束时间写成次日）"
        )
    if ends_at - starts_at > MAX_SHIFT:
        raise ShiftTooLong()


async def shift_in_reach(session: AsyncSession, principal: Principal, shift_id: uuid.UUID) -> Shift:
    shift = await repository.get_shift(session, shift_id)
    if shift is None or not principal.in_community(shift.community_id):
        raise ShiftNotFound()
    return shift


async def list_shifts(
    session: AsyncSession, principal: Principal, flt: ShiftFilter, page: PageParams
) -> Page[ShiftRead]:
    communities = None if principal.role == Role.admin else list(principal.community_ids)
    if flt.community_ids:
        communities = [c for c in flt.community_ids if principal.in_community(c)]
    flt = ShiftFilter(communities, flt.gate_id, flt.worker_id, flt.start, flt.end)
    total, rows = await repository.list_shifts(session, flt, page.limit, page.offset)
    items = await shift_reads(session, rows)
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


async def get_shift(session: AsyncSession, principal: Principal, shift_id: uuid.UUID) -> ShiftRead:
    return await shift_read(session, await shift_in_reach(session, principal, shift_id))


async def _put_on(
    session: AsyncSession,
    principal: Principal,
    shift: Shift,
    worker_id: uuid.UUID,
    client_id: uuid.UUID | None,
) -> None:
    """Adds the worker to the shift, or says which rule refuses it."""
    worker = await workers.get_worker(session, worker_id)
    if worker is None or worker.community_id != shift.community_id:
        raise ShiftWorkerNotFound(f"worker {worker_id} is not in this community's roster")
    if not worker.active:
        raise WorkerInactive(f"{worker.name} 已停用")
    if await repository.get_assignment(session, shift.id, worker.id) is not None:
        raise AlreadyOnShift(f"{worker.name} 已在此班次中")
    other = await repository.overlapping_shift_of(
        session, worker.id, shift.starts_at, shift.ends_at
    )
    if other is not None:
        zone = await zone_of(session, other.community_id)
        gate = await repository.get_gate(session, other.gate_id)
        day = other.starts_at.astimezone(zone)
        when = f"{day:%m-%d} {label(other.starts_at, other.ends_at, zone)}"
        raise ShiftOverlap(f"{worker.name} 已排 {gate.name if gate else ''} {when}")
    session.add(
        ShiftAssignment(
            client_id=client_id,
            shift_id=shift.id,
            worker_id=worker.id,
            assigned_by=principal.subject,
        )
    )
    await session.flush()


async def _earlier_shift(
    session: AsyncSession, principal: Principal, body: ShiftCreate
) -> Shift | None:
    if body.client_id is None:
        return None
    earlier = await repository.shift_by_client_id(session, body.client_id)
    if earlier is None:
        return None
    same = (earlier.gate_id, earlier.starts_at, earlier.ends_at) == (
        body.gate_id,
        body.starts_at.astimezone(UTC),
        body.ends_at.astimezone(UTC),
    )
    if not same or not principal.in_community(earlier.community_id):
        raise ShiftClientIdReused(f"client_id {body.client_id} belongs to another shift")
    return earlier


async def create_shift(
    session: AsyncSession, principal: Principal, body: ShiftCreate
) -> tuple[ShiftRead, bool]:
    """Returns the shift and whether it is new (False: a retry with the same client_id).
    Workers named in the request go on it in the same transaction, or none does."""
    earlier = await _earlier_shift(session, principal, body)
    if earlier is not None:
        return await shift_read(session, earlier), False
    gate = await repository.get_gate(session, body.gate_id)
    if gate is None or not principal.in_community(gate.community_id):
        raise ShiftGateNotFound()
    starts_at, ends_at = body.starts_at.astimezone(UTC), body.ends_at.astimezone(UTC)
    check_times(starts_at, ends_at)
    await repository.lock_community(session, gate.community_id)
    if await repository.shift_at(session, gate.id, starts_at, ends_at) is not None:
        # On SQLite the community lock locks nothing: the slot's shift may be this very
        # request's, committed meanwhile by a simultaneous retry.
        again = await _earlier_shift(session, principal, body)
        if again is not None:
            return await shift_read(session, again), False
        raise ShiftExists(f"{gate.name} 已有该时段班次")
    shift = Shift(
        client_id=body.client_id,
        community_id=gate.community_id,
        gate_id=gate.id,
        starts_at=starts_at,
        ends_at=ends_at,
        min_workers=body.min_workers,
        note=body.note,
        created_by=principal.subject,
    )
    session.add(shift)
    try:
        await session.flush()
        for worker_id in dict.fromkeys(body.worker_ids):
            await _put_on(session, principal, shift, worker_id, None)
        await session.commit()
    except IntegrityError as exc:  # the same request, or the same slot, arrived twice at once
        await session.rollback()
        again = await _earlier_shift(session, principal, body)
        if again is not None:
            return await shift_read(session, again), False
        raise ShiftExists() from exc
    except Exception:
        await session.rollback()
        raise
    return await shift_read(session, shift), True


async def delete_shift(session: AsyncSession, principal: Principal, shift_id: uuid.UUID) -> None:
    """Refused once someone checked in: the attendance record stays."""
    shift = await shift_in_reach(session, principal, shift_id)
    crews = await repository.crew_of(session, [shift.id])
    if any(a.checked_in_at is not None for a, _ in crews[shift.id]):
        raise ShiftStarted()
    await repository.delete_shift(session, shift)
    await session.commit()


async def assign_worker(
    session: AsyncSession, principal: Principal, shift_id: uuid.UUID, body: ShiftAssignmentCreate
) -> tuple[ShiftRead, bool]:
    """Returns the shift and whether the worker was added (False: a retry of the same
    client_id). Refuses a second assignment and an overlap with another shift."""
    shift = await shift_in_reach(session, principal, shift_id)
    if await _earlier_assignment(session, shift, body):
        return await shift_read(session, shift), False
    await repository.lock_community(session, shift.community_id)
    try:
        await _put_on(session, principal, shift, body.worker_id, body.client_id)
        await session.commit()
    except (IntegrityError, AlreadyOnShift, ShiftOverlap) as exc:
        # The same assignment arrived twice at once (on SQLite the community lock locks
        # nothing, so the retry may meet the first's row before its unique index does, and
        # that row is on this very shift, so it also reads as an overlap).
        await session.rollback()
        shift = await shift_in_reach(session, principal, shift_id)  # the rollback expired it
        if await _earlier_assignment(session, shift, body):
            return await shift_read(session, shift), False
        if isinstance(exc, (AlreadyOnShift, ShiftOverlap)):
            raise
        raise AlreadyOnShift() from exc
    except Exception:
        await session.rollback()
        raise
    return await shift_read(session, shift), True


async def _earlier_assignment(
    session: AsyncSession, shift: Shift, body: ShiftAssignmentCreate
) -> bool:
    """Whether this request (its client_id) already put the worker on this shift."""
    if body.client_id is None:
        return False
    earlier = await repository.assignment_by_client_id(session, body.client_id)
    if earlier is None:
        return False
    if (earlier.shift_id, earlier.worker_id) != (shift.id, body.worker_id):
        raise ShiftClientIdReused(f"client_id {body.client_id} belongs to another one")
    return True


async def unassign_worker(
    session: AsyncSession, principal: Principal, shift_id: uuid.UUID, worker_id: uuid.UUID
) -> ShiftRead:
    """Refused once the worker checked in."""
    shift = await shift_in_reach(session, principal, shift_id)
    assignment = await repository.get_assignment(session, shift.id, worker_id)
    if assignment is None:
        raise NotOnShift()
    if assignment.checked_in_at is not None:
        raise ShiftStarted()
    await session.delete(assignment)
    await session.commit()
    return await shift_read(session, shift)
