"""The demo community's roster and gate shifts: 30 workers of every category (`staff`, `grid1`
and `gate1` linked to their accounts), the three shift templates of the day for every gate,
this week filled from them with a few gaps left on purpose (西苑南门 at night on the weekend)
and one veteran over 48 hours, and `grid1` given floors 1–3 of 东苑 4栋 besides 1–3栋."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.models import Gate
from registry.operations.shifts.models import Shift, ShiftAssignment, ShiftTemplate
from registry.operations.workers.models import Worker, WorkerCategory, WorkerKind
from registry.residents.assignments.models import GridAssignment
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, demo_id, demo_user_id
from shouhu_common.pii import PersonalDataCipher

ZONE = ZoneInfo("Asia/Shanghai")
C = WorkerCategory
# (name, kind, category, birth year, skills, account)
ROSTER: tuple[tuple[str, WorkerKind, WorkerCategory, int, tuple[str, ...], str | None], ...] = (
    ("李敏", WorkerKind.staff, C.social_worker, 1986, ("统计报表", "协调"), "staff"),
    ("王强", WorkerKind.grid_worker, C.social_worker, 1990, ("入户排查", "电话随访"), "grid1"),
    ("陈军", WorkerKind.volunteer, C.veteran, 1972, ("测温", "秩序维护"), "gate1"),
    ("周建华", WorkerKind.staff, C.subdistrict_staff, 1979, ("协调", "驾驶"), None),
    ("吴秀兰", WorkerKind.staff, C.subdistrict_staff, 1983, ("统计报表",), None),
    ("郑国庆", WorkerKind.volunteer, C.retired_cadre, 1958, ("宣传", "调解"), None),
    ("孙桂英", WorkerKind.volunteer, C.retired_cadre, 1960, ("宣传",), None),
    ("赵德明", WorkerKind.volunteer, C.retired_cadre, 1956, ("调解",), None),
    ("刘建国", WorkerKind.volunteer, C.veteran, 1975, ("秩序维护", "驾驶"), None),
    ("马永刚", WorkerKind.volunteer, C.veteran, 1980, ("测温", "搬运"), None),
    ("杨志勇", WorkerKind.volunteer, C.veteran, 1977, ("秩序维护",), None),
    ("黄丽", WorkerKind.volunteer, C.party_member, 1988, ("测温", "心理疏导"), None),
    ("何静", WorkerKind.volunteer, C.party_member, 1992, ("心理疏导",), None),
    ("罗海峰", WorkerKind.volunteer, C.party_member, 1985, ("驾驶", "搬运"), None),
    ("梁晓燕", WorkerKind.volunteer, C.party_member, 1990, ("测温",), None),
    ("谢文", WorkerKind.volunteer, C.social_worker, 1994, ("心理疏导", "电话随访"), None),
    ("宋佳", WorkerKind.volunteer, C.social_worker, 1996, ("电话随访",), None),
    ("唐磊", WorkerKind.volunteer, C.resident_volunteer, 1998, ("搬运", "配送"), None),
    ("许洋", WorkerKind.volunteer, C.resident_volunteer, 2000, ("配送",), None),
    ("韩梅", WorkerKind.volunteer, C.resident_volunteer, 1987, ("测温", "配送"), None),
    ("冯涛", WorkerKind.volunteer, C.resident_volunteer, 1984, ("驾驶", "配送"), None),
    ("邓超", WorkerKind.volunteer, C.resident_volunteer, 1995, ("搬运",), None),
    ("曹芳", WorkerKind.volunteer, C.resident_volunteer, 1991, ("测温",), None),
    ("彭宇", WorkerKind.volunteer, C.resident_volunteer, 1999, ("配送", "搬运"), None),
    ("曾凯", WorkerKind.volunteer, C.resident_volunteer, 1993, ("秩序维护",), None),
    ("肖娜", WorkerKind.volunteer, C.resident_volunteer, 1989, ("测温",), None),
    ("田健", WorkerKind.volunteer, C.party_member, 1982, ("秩序维护",), None),
    ("董玉萍", WorkerKind.volunteer, C.retired_cadre, 1957, ("宣传",), None),
    ("袁帅", WorkerKind.volunteer, C.veteran, 1983, ("秩序维护", "驾驶"), None),
    ("潘俊", WorkerKind.volunteer, C.resident_volunteer, 1997, ("配送",), None),
)
# (name, start, end, people needed)
TEMPLATES = (
    ("早班", time(8), time(14), 2),
    ("中班", time(14), time(20), 2),
    ("夜班", time(20), time(8), 1),
)
NIGHT_OWL = "刘建国"  # five nights this week: 60 h, over the 48 h line
GAP_GATE = "西苑南门"  # nobody on its weekend nights


def _roster(cipher: PersonalDataCipher) -> list[Worker]:
    workers = []
    for n, (name, kind, category, born, skills, account) in enumerate(ROSTER):
        phone = f"139{n + 1:04d}{(n * 7919) % 10000:04d}"
        workers.append(
            Worker(
                id=demo_id("worker", name),
                community_id=DEMO_COMMUNITY_ID,
                name=name,
                kind=kind,
                category=category,
                birth_year=born,
                phone_enc=cipher.encrypt(phone),
                phone_hash=cipher.blind_index(phone),
                skills=list(skills),
                availability=[{"weekdays": [1, 2, 3, 4, 5, 6, 7], "start": "08:00", "end": "20:00"}]
                if category == C.retired_cadre
                else [],
                availability_note="白天可值守，不值夜班" if category == C.retired_cadre else "",
                account_username=account,
                created_by="demo",
            )
        )
    return workers


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=ZONE).astimezone(UTC)


async def load_demo_operations(session: AsyncSession, cipher: PersonalDataCipher) -> None:
    """Called by `demo.load_demo` once the gates are flushed, before the tasks (which go to
    roster workers); commits nothing itself. Shifts are made at whatever gates exist."""
    workers = _roster(cipher)
    session.add_all(workers)
    gates = list(
        (await session.scalars(select(Gate).where(Gate.community_id == DEMO_COMMUNITY_ID))).all()
    )
    templates = [
        ShiftTemplate(
            id=demo_id("shift-template", name),
            community_id=DEMO_COMMUNITY_ID,
            name=name,
            start_time=start,
            end_time=end,
            weekdays=[1, 2, 3, 4, 5, 6, 7],
            min_workers=needed,
            created_by="demo",
        )
        for name, start, end, needed in TEMPLATES
    ]
    session.add_all(templates)
    session.add(
        GridAssignment(
            community_id=DEMO_COMMUNITY_ID,
            subject=f"user:{demo_user_id('grid1')}",
            building_id=demo_id("building", "东苑4"),
            floor_from=1,
            floor_to=3,
            assigned_by="demo",
        )
    )
    await session.flush()
    shifts = _week(workers, templates, sorted(gates, key=lambda g: g.name))
    for shift, _ in shifts:
        session.add(shift)
    await session.flush()
    session.add_all(a for _, crew in shifts for a in crew)
    await session.flush()


def _week(
    workers: list[Worker], templates: list[ShiftTemplate], gates: list[Gate]
) -> list[tuple[Shift, list[ShiftAssignment]]]:
    """This local week from Monday; each person at most one shift a day, in turn."""
    today = datetime.now(ZONE).date()
    monday = today - timedelta(days=today.weekday())
    owl = next(w for w in workers if w.name == NIGHT_OWL)
    pool = [w for w in workers if w.kind == WorkerKind.volunteer and w is not owl]
    day_pool = [w for w in pool if w.category != C.retired_cadre] + [
        w for w in pool if w.category == C.retired_cadre
    ]
    turn = 0
    out: list[tuple[Shift, list[ShiftAssignment]]] = []
    last_night: set[uuid.UUID] = set()  # no early shift right after a night
    for offset in range(7):
        day = monday + timedelta(days=offset)
        busy = set(last_night) - {owl.id}  # the owl only works nights
        last_night = set()
        for t in templates:
            ends_on = day if t.end_time > t.start_time else day + timedelta(days=1)
            for gate in gates:
                shift = Shift(
                    id=demo_id("shift", f"{gate.name}:{day}:{t.name}"),
                    community_id=gate.community_id,
                    gate_id=gate.id,
                    template_id=t.id,
                    starts_at=_local(day, t.start_time),
                    ends_at=_local(ends_on, t.end_time),
                    min_workers=t.min_workers,
                    created_by="demo",
                )
                crew: list[Worker] = []
                night = t.end_time <= t.start_time
                if night and gate.name == GAP_GATE and day.isoweekday() >= 6:
                    out.append((shift, []))
                    continue
                if night and offset < 5 and owl.id not in busy:
                    crew.append(owl)
                candidates = [w for w in day_pool if not (night and w.category == C.retired_cadre)]
                for _ in range(2 * len(candidates)):
                    if len(crew) >= t.min_workers:
                        break
                    w = candidates[turn % len(candidates)]
                    turn += 1
                    if w.id not in busy and w not in crew:
                        crew.append(w)
                busy.update(w.id for w in crew)
                if night:
                    last_night.update(w.id for w in crew)
                out.append(
                    (
                        shift,
                        [
                            ShiftAssignment(shift_id=shift.id, worker_id=w.id, assigned_by="demo")
                            for w in crew
                        ],
                    )
                )
    return out
