"""Coverage of the gates: shifts short of people, time when a gate has nobody, each gate's
next shift, and people over their weekly hours. `uncovered_shifts` and `coverage_summary` are
what the dashboard and the daily report call (through `registry.operations.shifts.service`)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.models import Gate
from registry.operations.shifts import repository
from registry.operations.shifts.coverage_schemas import (
    CoverageRead,
    CoverageSummary,
    NextShift,
    OverHours,
    UncoveredPeriod,
    UncoveredShift,
)
from registry.operations.shifts.errors import CoverageRangeInvalid
from registry.operations.shifts.models import Shift
from registry.operations.shifts.reads import hours, label, zone_of
from registry.operations.shifts.repository import ShiftFilter
from registry.residents.communities.service import community_for
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal

DEFAULT_MAX_WEEKLY_HOURS = 48.0
MAX_RANGE_DAYS = 31


async def _shifts(
    session: AsyncSession, community_id: uuid.UUID, start: datetime, end: datetime
) -> tuple[list[Shift], dict[uuid.UUID, int]]:
    shifts = await repository.shifts_between(
        session, ShiftFilter([community_id], start=start, end=end)
    )
    return shifts, await repository.crew_sizes(session, [s.id for s in shifts])


async def uncovered_shifts(
    session: AsyncSession,
    community_id: uuid.UUID,
    start: datetime,
    end: datetime,
    *,
    now: datetime | None = None,
) -> list[UncoveredShift]:
    """Shifts of the community running in [start, end) (UTC, aware) with fewer people than
    their `min_workers`, nobody at all included, earliest first. No permission check: the
    caller has done it."""
    shifts, sizes = await _shifts(session, community_id, start, end)
    nexts = await repository.next_shifts(session, community_id, now or utc_now())
    return await _unstaffed(session, community_id, shifts, sizes, nexts)


async def _unstaffed(
    session: AsyncSession,
    community_id: uuid.UUID,
    shifts: Sequence[Shift],
    sizes: dict[uuid.UUID, int],
    nexts: dict[uuid.UUID, Shift],
) -> list[UncoveredShift]:
    zone = await zone_of(session, community_id)
    gates = await repository.gate_names(session, [s.gate_id for s in shifts])
    next_ids = {s.id for s in nexts.values()}
    return [
        UncoveredShift(
            shift_id=s.id,
            gate_id=s.gate_id,
            gate_name=gates.get(s.gate_id, ""),
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            label=label(s.starts_at, s.ends_at, zone),
            assigned=sizes[s.id],
            min_workers=s.min_workers,
            nobody=sizes[s.id] == 0,
            is_next=s.id in next_ids,
        )
        for s in shifts
        if sizes[s.id] < s.min_workers
    ]


def _uncovered_periods(
    gates: Sequence[Gate],
    shifts: Sequence[Shift],
    sizes: dict[uuid.UUID, int],
    start: datetime,
    end: datetime,
) -> list[UncoveredPeriod]:
    """Per gate, the parts of [start, end) no staffed shift covers."""
    covered: dict[uuid.UUID, list[tuple[datetime, datetime]]] = defaultdict(list)
    for s in shifts:
        if sizes[s.id] >= s.min_workers:
            covered[s.gate_id].append((max(s.starts_at, start), min(s.ends_at, end)))
    periods = []
    for gate in gates:
        cursor = start
        for begin, finish in sorted(covered[gate.id]):
            if begin > cursor:
                periods.append((gate, cursor, begin))
            cursor = max(cursor, finish)
        if cursor < end:
            periods.append((gate, cursor, end))
    return [
        UncoveredPeriod(gate_id=g.id, gate_name=g.name, starts_at=a, ends_at=b, hours=hours(a, b))
        for g, a, b in periods
    ]


def _week_start(at: datetime, zone: ZoneInfo) -> date:
    day = at.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


async def _over_hours(
    session: AsyncSession,
    community_id: uuid.UUID,
    zone: ZoneInfo,
    start: datetime,
    end: datetime,
    max_weekly_hours: float,
) -> list[OverHours]:
    """Hours count in the local week (Monday to Sunday) a shift starts in."""
    first = _week_start(start, zone)
    last = _week_start(end - timedelta(microseconds=1), zone) + timedelta(days=7)
    rows = await repository.worked_shifts(
        session, community_id, _midnight(first, zone), _midnight(last, zone)
    )
    totals: dict[tuple[uuid.UUID, date], float] = defaultdict(float)
    names: dict[uuid.UUID, str] = {}
    for worker_id, name, starts_at, ends_at in rows:
        totals[(worker_id, _week_start(starts_at, zone))] += hours(starts_at, ends_at)
        names[worker_id] = name
    over = [
        OverHours(
            worker_id=w,
            name=names[w],
            week_start=week,
            hours=round(total, 2),
            max_weekly_hours=max_weekly_hours,
        )
        for (w, week), total in totals.items()
        if total > max_weekly_hours
    ]
    return sorted(over, key=lambda o: (o.week_start, -o.hours, o.name))


def _next_shifts(
    gates: Sequence[Gate], nexts: dict[uuid.UUID, Shift], sizes: dict[uuid.UUID, int]
) -> list[NextShift]:
    out = []
    for gate in gates:
        s = nexts.get(gate.id)
        assigned = sizes.get(s.id, 0) if s else 0
        out.append(
            NextShift(
                gate_id=gate.id,
                gate_name=gate.name,
                shift_id=s.id if s else None,
                starts_at=s.starts_at if s else None,
                ends_at=s.ends_at if s else None,
                assigned=assigned,
                min_workers=s.min_workers if s else 1,
                staffed=s is not None and assigned >= s.min_workers,
            )
        )
    return out


async def coverage(
    session: AsyncSession,
    community_id: uuid.UUID,
    start: datetime,
    end: datetime,
    *,
    now: datetime | None = None,
    max_weekly_hours: float = DEFAULT_MAX_WEEKLY_HOURS,
) -> CoverageRead:
    """The whole coverage view of [start, end) (UTC, aware). No permission check."""
    now = now or utc_now()
    zone = await zone_of(session, community_id)
    gates = await repository.gates_of(session, community_id)
    shifts, sizes = await _shifts(session, community_id, start, end)
    nexts = await repository.next_shifts(session, community_id, now)
    sizes |= await repository.crew_sizes(
        session, [s.id for s in nexts.values() if s.id not in sizes]
    )
    unstaffed = await _unstaffed(session, community_id, shifts, sizes, nexts)
    periods = _uncovered_periods(gates, shifts, sizes, start, end)
    next_shifts = _next_shifts(gates, nexts, sizes)
    over = await _over_hours(session, community_id, zone, start, end, max_weekly_hours)
    summary = CoverageSummary(
        community_id=community_id,
        start=start,
        end=end,
        gates=len(gates),
        shifts=len(shifts),
        staffed_shifts=len(shifts) - len(unstaffed),
        unstaffed_shifts=len(unstaffed),
        shifts_with_nobody=sum(1 for u in unstaffed if u.nobody),
        gates_next_shift_unstaffed=sum(1 for n in next_shifts if not n.staffed),
        uncovered_hours=round(sum(p.hours for p in periods), 2),
        workers_over_hours=len({o.worker_id for o in over}),
        max_weekly_hours=max_weekly_hours,
    )
    return CoverageRead(
        summary=summary,
        unstaffed=unstaffed,
        uncovered_periods=periods,
        next_shifts=next_shifts,
        over_hours=over,
    )


async def coverage_summary(
    session: AsyncSession,
    community_id: uuid.UUID,
    start: datetime,
    end: datetime,
    *,
    now: datetime | None = None,
    max_weekly_hours: float = DEFAULT_MAX_WEEKLY_HOURS,
) -> CoverageSummary:
    """The counts of `coverage` for [start, end) (UTC, aware): shifts, unstaffed ones, gates
    whose next shift is short, uncovered gate-hours, people over their weekly hours."""
    view = await coverage(
        session, community_id, start, end, now=now, max_weekly_hours=max_weekly_hours
    )
    return view.summary


async def coverage_for(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    first_day: date | None,
    last_day: date | None,
    max_weekly_hours: float,
) -> CoverageRead:
    """Local days `first_day`..`last_day` (default: today and the next six), at most 31."""
    community_id = community_for(principal, community_id)
    zone = await zone_of(session, community_id)
    now = utc_now()
    first_day = first_day or now.astimezone(zone).date()
    last_day = last_day or first_day + timedelta(days=6)
    if last_day < first_day or (last_day - first_day).days >= MAX_RANGE_DAYS:
        raise CoverageRangeInvalid(f"结束日期须不早于开始日期，且最多 {MAX_RANGE_DAYS} 天")
    start = _midnight(first_day, zone)
    end = _midnight(last_day + timedelta(days=1), zone)
    return await coverage(
        session, community_id, start, end, now=now, max_weekly_hours=max_weekly_hours
    )
