"""Shift templates 班次模板 and filling a week from them: each template gives, per day it runs
on and per gate, one shift in the community's local time (20:00–08:00 ends the next day)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.models import Gate
from registry.operations.shifts import repository
from registry.operations.shifts.errors import (
    ShiftGateNotFound,
    ShiftTemplateInvalid,
    ShiftTemplateNotFound,
)
from registry.operations.shifts.models import Shift, ShiftTemplate
from registry.operations.shifts.reads import shift_reads, zone_of
from registry.operations.shifts.repository import ShiftFilter
from registry.operations.shifts.schemas import (
    FillWeek,
    FillWeekResult,
    ShiftTemplateCreate,
    ShiftTemplateRead,
    ShiftTemplateUpdate,
)
from registry.residents.communities.service import community_for
from shouhu_common.identity import Principal


def _span(start: time, end: time) -> timedelta:
    day = date(2000, 1, 3)
    begin = datetime.combine(day, start)
    finish = datetime.combine(day if end > start else day + timedelta(days=1), end)
    return finish - begin


def template_read(t: ShiftTemplate, gate_name: str | None) -> ShiftTemplateRead:
    return ShiftTemplateRead(
        id=t.id,
        community_id=t.community_id,
        gate_id=t.gate_id,
        gate_name=gate_name,
        name=t.name,
        start_time=t.start_time,
        end_time=t.end_time,
        crosses_midnight=t.end_time <= t.start_time,
        hours=round(_span(t.start_time, t.end_time).total_seconds() / 3600, 2),
        weekdays=list(t.weekdays),
        min_workers=t.min_workers,
        active=t.active,
    )


async def _reads(session: AsyncSession, templates: list[ShiftTemplate]) -> list[ShiftTemplateRead]:
    names = await repository.gate_names(session, [t.gate_id for t in templates if t.gate_id])
    return [template_read(t, names.get(t.gate_id) if t.gate_id else None) for t in templates]


async def _template_in_reach(
    session: AsyncSession, principal: Principal, template_id: uuid.UUID
) -> ShiftTemplate:
    template = await repository.get_template(session, template_id)
    if template is None or not principal.in_community(template.community_id):
        raise ShiftTemplateNotFound()
    return template


async def list_templates(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> list[ShiftTemplateRead]:
    community_id = community_for(principal, community_id)
    return await _reads(session, await repository.list_templates(session, community_id))


async def create_template(
    session: AsyncSession, principal: Principal, body: ShiftTemplateCreate
) -> ShiftTemplateRead:
    community_id = community_for(principal, body.community_id)
    await zone_of(session, community_id)  # the community exists
    if body.gate_id is not None:
        gate = await repository.get_gate(session, body.gate_id)
        if gate is None or gate.community_id != community_id:
            raise ShiftGateNotFound()
    template = ShiftTemplate(
        community_id=community_id,
        gate_id=body.gate_id,
        name=body.name.strip(),
        start_time=body.start_time.replace(second=0, microsecond=0, tzinfo=None),
        end_time=body.end_time.replace(second=0, microsecond=0, tzinfo=None),
        weekdays=body.weekdays,
        min_workers=body.min_workers,
        active=body.active,
        created_by=principal.subject,
    )
    session.add(template)
    await session.commit()
    return (await _reads(session, [template]))[0]


async def update_template(
    session: AsyncSession, principal: Principal, template_id: uuid.UUID, body: ShiftTemplateUpdate
) -> ShiftTemplateRead:
    """Applies to weeks filled from now on; shifts already made keep their times."""
    template = await _template_in_reach(session, principal, template_id)
    for field in ("name", "start_time", "end_time", "weekdays", "min_workers", "active"):
        value = getattr(body, field)
        if field in body.model_fields_set and value is not None:
            if isinstance(value, time):
                value = value.replace(second=0, microsecond=0, tzinfo=None)
            setattr(template, field, value)
    if template.start_time == template.end_time:
        await session.rollback()
        raise ShiftTemplateInvalid("start_time and end_time must differ")
    await session.commit()
    return (await _reads(session, [template]))[0]


async def delete_template(
    session: AsyncSession, principal: Principal, template_id: uuid.UUID
) -> None:
    """Shifts made from it stay (they forget the template)."""
    template = await _template_in_reach(session, principal, template_id)
    await session.delete(template)
    await session.commit()


def _local_times(day: date, t: ShiftTemplate, zone: ZoneInfo) -> tuple[datetime, datetime]:
    ends_on = day if t.end_time > t.start_time else day + timedelta(days=1)
    starts = datetime.combine(day, t.start_time, tzinfo=zone)
    ends = datetime.combine(ends_on, t.end_time, tzinfo=zone)
    return starts.astimezone(UTC), ends.astimezone(UTC)


async def fill_week(
    session: AsyncSession, principal: Principal, body: FillWeek
) -> tuple[FillWeekResult, bool]:
    """Seven local days from `week_start`. Existing shifts (same gate, start and end) are
    kept, so filling twice creates nothing; returns whether anything was created."""
    community_id = community_for(principal, body.community_id)
    zone = await zone_of(session, community_id)
    gates = await repository.gates_of(session, community_id)
    if body.gate_ids is not None:
        wanted = set(body.gate_ids)
        if wanted - {g.id for g in gates}:
            raise ShiftGateNotFound("some gate_ids are not gates of this community")
        gates = [g for g in gates if g.id in wanted]
    templates = await repository.list_templates(session, community_id, active=True)
    if body.template_ids is not None:
        wanted = set(body.template_ids)
        templates = await repository.list_templates(session, community_id)
        if wanted - {t.id for t in templates}:
            raise ShiftTemplateNotFound("some template_ids are not templates of this community")
        templates = [t for t in templates if t.id in wanted]
    for attempt in (1, 2):
        try:
            shifts, created = await _fill(
                session, principal, body.week_start, zone, templates, gates
            )
            await session.commit()
            break
        except IntegrityError:  # another fill of the same week ran at once: its shifts stand
            await session.rollback()
            if attempt == 2:
                raise
    shifts.sort(key=lambda s: (s.starts_at, s.gate_id))
    result = FillWeekResult(
        created=created, existing=len(shifts) - created, shifts=await shift_reads(session, shifts)
    )
    return result, created > 0


async def _fill(
    session: AsyncSession,
    principal: Principal,
    week_start: date,
    zone: ZoneInfo,
    templates: list[ShiftTemplate],
    gates: list[Gate],
) -> tuple[list[Shift], int]:
    if not gates or not templates:
        return [], 0
    await repository.lock_community(session, gates[0].community_id)
    span = ShiftFilter(
        [gates[0].community_id],
        start=_local_times(week_start, templates[0], zone)[0] - timedelta(days=2),
        end=_local_times(week_start, templates[0], zone)[0] + timedelta(days=9),
    )
    existing = {
        (s.gate_id, s.starts_at, s.ends_at): s
        for s in await repository.shifts_between(session, span)
    }
    shifts: list[Shift] = []
    created = 0
    for offset in range(7):
        day = week_start + timedelta(days=offset)
        for t in templates:
            if day.isoweekday() not in t.weekdays:
                continue
            starts, ends = _local_times(day, t, zone)
            for gate in gates:
                if t.gate_id is not None and t.gate_id != gate.id:
                    continue
                shift = existing.get((gate.id, starts, ends))
                if shift is None:
                    shift = Shift(
                        community_id=gate.community_id,
                        gate_id=gate.id,
                        template_id=t.id,
                        starts_at=starts,
                        ends_at=ends,
                        min_workers=t.min_workers,
                        created_by=principal.subject,
                    )
                    session.add(shift)
                    existing[(gate.id, starts, ends)] = shift
                    created += 1
                shifts.append(shift)
    return shifts, created
