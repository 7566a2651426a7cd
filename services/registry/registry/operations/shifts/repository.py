"""Queries of shift templates, shifts and who is on them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.models import Gate
from registry.operations.shifts.models import Shift, ShiftAssignment, ShiftTemplate
from registry.operations.workers.models import Worker
from registry.residents.communities.models import Community


@dataclass(frozen=True, slots=True)
class ShiftFilter:
    community_ids: Sequence[uuid.UUID] | None  # None: every community
    gate_id: uuid.UUID | None = None
    worker_id: uuid.UUID | None = None
    start: datetime | None = None  # shifts still running after this
    end: datetime | None = None  # shifts starting before this


async def lock_community(session: AsyncSession, community_id: uuid.UUID) -> None:
    """Serializes roster changes of one community on PostgreSQL (SQLite has one writer)."""
    await session.execute(
        select(Community.id).where(Community.id == community_id).with_for_update()
    )


async def gates_of(session: AsyncSession, community_id: uuid.UUID) -> list[Gate]:
    query = select(Gate).where(Gate.community_id == community_id).order_by(Gate.name)
    return list((await session.scalars(query)).all())


async def get_gate(session: AsyncSession, gate_id: uuid.UUID) -> Gate | None:
    return await session.get(Gate, gate_id)


async def gate_names(session: AsyncSession, gate_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not gate_ids:
        return {}
    rows = await session.execute(select(Gate.id, Gate.name).where(Gate.id.in_(set(gate_ids))))
    return {row[0]: row[1] for row in rows}


async def get_template(session: AsyncSession, template_id: uuid.UUID) -> ShiftTemplate | None:
    return await session.get(ShiftTemplate, template_id)


async def list_templates(
    session: AsyncSession, community_id: uuid.UUID, active: bool | None = None
) -> list[ShiftTemplate]:
    query = select(ShiftTemplate).where(ShiftTemplate.community_id == community_id)
    if active is not None:
        query = query.where(ShiftTemplate.active == active)
    query = query.order_by(ShiftTemplate.start_time, ShiftTemplate.name, ShiftTemplate.id)
    return list((await session.scalars(query)).all())


async def get_shift(session: AsyncSession, shift_id: uuid.UUID) -> Shift | None:
    return await session.get(Shift, shift_id)


async def shift_by_client_id(session: AsyncSession, client_id: uuid.UUID) -> Shift | None:
    return (await session.scalars(select(Shift).where(Shift.client_id == client_id))).first()


async def shift_at(
    session: AsyncSession, gate_id: uuid.UUID, starts_at: datetime, ends_at: datetime
) -> Shift | None:
    query = select(Shift).where(
        Shift.gate_id == gate_id, Shift.starts_at == starts_at, Shift.ends_at == ends_at
    )
    return (await session.scalars(query)).first()


def _filtered(query: Select[Any], flt: ShiftFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(Shift.community_id.in_(flt.community_ids))
    if flt.gate_id is not None:
        query = query.where(Shift.gate_id == flt.gate_id)
    if flt.worker_id is not None:
        on_it = select(ShiftAssignment.shift_id).where(ShiftAssignment.worker_id == flt.worker_id)
        query = query.where(Shift.id.in_(on_it))
    if flt.start is not None:
        query = query.where(Shift.ends_at > flt.start)
    if flt.end is not None:
        query = query.where(Shift.starts_at < flt.end)
    return query


async def list_shifts(
    session: AsyncSession, flt: ShiftFilter, limit: int, offset: int
) -> tuple[int, list[Shift]]:
    total = (await session.execute(_filtered(select(func.count(Shift.id)), flt))).scalar_one()
    query = _filtered(select(Shift), flt).order_by(Shift.starts_at, Shift.gate_id, Shift.id)
    rows = (await session.scalars(query.limit(limit).offset(offset))).all()
    return int(total), list(rows)


async def shifts_between(session: AsyncSession, flt: ShiftFilter) -> list[Shift]:
    query = _filtered(select(Shift), flt).order_by(Shift.starts_at, Shift.gate_id, Shift.id)
    return list((await session.scalars(query)).all())


async def crew_of(
    session: AsyncSession, shift_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[tuple[ShiftAssignment, Worker]]]:
    """Who is on each shift, by name."""
    crews: dict[uuid.UUID, list[tuple[ShiftAssignment, Worker]]] = {s: [] for s in shift_ids}
    if not shift_ids:
        return crews
    query = (
        select(ShiftAssignment, Worker)
        .join(Worker, Worker.id == ShiftAssignment.worker_id)
        .where(ShiftAssignment.shift_id.in_(set(shift_ids)))
        .order_by(ShiftAssignment.assigned_at, Worker.name)
    )
    for assignment, worker in (await session.execute(query)).all():
        crews[assignment.shift_id].append((assignment, worker))
    return crews


async def overlapping_shift_of(
    session: AsyncSession, worker_id: uuid.UUID, starts_at: datetime, ends_at: datetime
) -> Shift | None:
    """A shift of the worker that overlaps [starts_at, ends_at); touching ends do not."""
    query = (
        select(Shift)
        .join(ShiftAssignment, ShiftAssignment.shift_id == Shift.id)
        .where(
            ShiftAssignment.worker_id == worker_id,
            Shift.starts_at < ends_at,
            Shift.ends_at > starts_at,
        )
        .order_by(Shift.starts_at)
    )
    return (await session.scalars(query.limit(1))).first()


async def get_assignment(
    session: AsyncSession, shift_id: uuid.UUID, worker_id: uuid.UUID
) -> ShiftAssignment | None:
    query = select(ShiftAssignment).where(
        ShiftAssignment.shift_id == shift_id, ShiftAssignment.worker_id == worker_id
    )
    return (await session.scalars(query)).first()


async def assignment_by_client_id(
    session: AsyncSession, client_id: uuid.UUID
) -> ShiftAssignment | None:
    query = select(ShiftAssignment).where(ShiftAssignment.client_id == client_id)
    return (await session.scalars(query)).first()


async def delete_shift(session: AsyncSession, shift: Shift) -> None:
    await session.execute(delete(ShiftAssignment).where(ShiftAssignment.shift_id == shift.id))
    await session.delete(shift)


async def next_shifts(
    session: AsyncSession, community_id: uuid.UUID, now: datetime
) -> dict[uuid.UUID, Shift]:
    """Each gate's first shift starting after `now`."""
    first = (
        select(Shift.gate_id, func.min(Shift.starts_at).label("starts_at"))
        .where(Shift.community_id == community_id, Shift.starts_at > now)
        .group_by(Shift.gate_id)
        .subquery()
    )
    query = (
        select(Shift)
        .join(first, (first.c.gate_id == Shift.gate_id) & (first.c.starts_at == Shift.starts_at))
        .order_by(Shift.ends_at, Shift.id)
    )
    found: dict[uuid.UUID, Shift] = {}
    for shift in (await session.scalars(query)).all():
        found.setdefault(shift.gate_id, shift)
    return found


async def worked_shifts(
    session: AsyncSession, community_id: uuid.UUID, start: datetime, end: datetime
) -> list[tuple[uuid.UUID, str, datetime, datetime]]:
    """(worker id, name, start, end) of every assignment on a shift starting in [start, end)."""
    query = (
        select(Worker.id, Worker.name, Shift.starts_at, Shift.ends_at)
        .join(ShiftAssignment, ShiftAssignment.worker_id == Worker.id)
        .join(Shift, Shift.id == ShiftAssignment.shift_id)
        .where(Shift.community_id == community_id, Shift.starts_at >= start, Shift.starts_at < end)
    )
    return [(w, n, s, e) for w, n, s, e in (await session.execute(query)).all()]


async def assignments_of_workers(
    session: AsyncSession, worker_ids: Sequence[uuid.UUID], start: datetime, end: datetime
) -> list[tuple[ShiftAssignment, Shift]]:
    query = (
        select(ShiftAssignment, Shift)
        .join(Shift, Shift.id == ShiftAssignment.shift_id)
        .where(
            ShiftAssignment.worker_id.in_(worker_ids),
            Shift.ends_at > start,
            Shift.starts_at < end,
        )
        .order_by(Shift.starts_at, Shift.id)
    )
    return [(a, s) for a, s in (await session.execute(query)).all()]


async def crew_sizes(session: AsyncSession, shift_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    sizes = dict.fromkeys(shift_ids, 0)
    if not shift_ids:
        return sizes
    query = (
        select(ShiftAssignment.shift_id, func.count(ShiftAssignment.id))
        .where(ShiftAssignment.shift_id.in_(set(shift_ids)))
        .group_by(ShiftAssignment.shift_id)
    )
    for shift_id, count in (await session.execute(query)).all():
        sizes[shift_id] = int(count)
    return sizes
