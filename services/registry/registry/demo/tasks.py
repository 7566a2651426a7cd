"""The demo community's operations: three disinfection schedules (every lift twice a day, the
main roads at 07:00 and 19:00, the garbage points once a day) running since yesterday, their
records with a few gaps (so the overdue list has something to show), a handful of tasks, this
morning's dispatch meeting with its two action items, and two notices, one pinned."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.disinfections.models import (
    DisinfectionRecord,
    DisinfectionSchedule,
    DisinfectionSchedulePlace,
    PlaceKind,
)
from registry.operations.dispatch_meetings.models import DispatchMeeting, MeetingPeriod
from registry.operations.notices.models import Notice
from registry.operations.tasks.models import Task, TaskKind, TaskStatus
from registry.operations.workers.models import Worker
from registry.residents.communities.models import Building
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, demo_id, demo_user_id

ZONE = ZoneInfo("Asia/Shanghai")
BY = f"user:{demo_user_id('staff')}"
ROADS = ("东苑主干道", "西苑主干道")
GARBAGE = ("东苑垃圾点", "西苑垃圾点")
# (slug, name, kind, times, all buildings, named places)
SCHEDULES = (
    ("lifts", "电梯每日两次消毒", PlaceKind.lift, ["08:00", "16:00"], True, ()),
    ("roads", "主干道早晚消毒", PlaceKind.main_road, ["07:00", "19:00"], False, ROADS),
    ("garbage", "垃圾点每日消毒", PlaceKind.garbage_point, ["09:00"], False, GARBAGE),
)


def _at(day: int, clock: str, now: datetime) -> datetime:
    """`clock` (HH:MM, Beijing time) `day` days from today."""
    local = now.astimezone(ZONE).date() + timedelta(days=day)
    return datetime.combine(local, time(int(clock[:2]), int(clock[3:])), ZONE).astimezone(UTC)


async def load_demo_tasks(session: AsyncSession) -> None:
    """Called by `demo.load_demo` once buildings (and roster workers, if any) are flushed;
    commits nothing itself."""
    now = datetime.now(UTC).replace(microsecond=0)
    buildings = list(
        await session.scalars(select(Building).where(Building.community_id == DEMO_COMMUNITY_ID))
    )
    grid1 = (
        await session.scalars(select(Worker).where(Worker.account_username == "grid1"))
    ).first()
    _schedules(session, now)
    await session.flush()
    _records(session, buildings, now)
    meeting = _meeting(session, now)
    await session.flush()
    _tasks(session, buildings, grid1, meeting, now)
    _notices(session, now)
    await session.flush()


def _schedules(session: AsyncSession, now: datetime) -> None:
    for slug, name, kind, times, every_building, places in SCHEDULES:
        schedule_id = demo_id("disinfection_schedule", slug)
        session.add(
            DisinfectionSchedule(
                id=schedule_id,
                community_id=DEMO_COMMUNITY_ID,
                name=name,
                place_kind=kind,
                times=times,
                all_buildings=every_building,
                grace_minutes=60,
                effective_from=_at(-1, "00:00", now),
                created_by=BY,
                updated_by=BY,
            )
        )
        for place in places:
            session.add(DisinfectionSchedulePlace(schedule_id=schedule_id, place=place))


def _record(
    n: int, kind: PlaceKind, done_at: datetime, building: Building | None = None, place: str = ""
) -> DisinfectionRecord:
    return DisinfectionRecord(
        client_id=demo_id("disinfection", n),
        community_id=DEMO_COMMUNITY_ID,
        place_kind=kind,
        building_id=building.id if building else None,
        place=place,
        agent="84消毒液",
        concentration="1:100" if kind != PlaceKind.main_road else "500 mg/L",
        done_at=done_at,
        done_by="网格员 王强" if building else "志愿者 陈军",
        recorded_by=f"user:{demo_user_id('grid1')}",
        recorded_at=done_at,
    )


def _records(session: AsyncSession, buildings: list[Building], now: datetime) -> None:
    """Yesterday all done but two lifts in the afternoon; today whatever was due before now,
    except a few, so the overdue list and the day's checklist both have something to show."""
    rng = random.Random(2020)
    n = 0
    for day in (-1, 0):
        for clock in ("08:00", "16:00"):
            for i, building in enumerate(buildings):
                skipped = (day == -1 and clock == "16:00" and i < 2) or (day == 0 and i % 4 == 3)
                done_at = _at(day, clock, now) + timedelta(minutes=rng.randrange(-20, 40))
                if skipped or done_at > now:
                    continue
                n += 1
                session.add(_record(n, PlaceKind.lift, done_at, building=building))
        for clock, places in (("07:00", ROADS), ("19:00", ROADS), ("09:00", GARBAGE[:1])):
            kind = PlaceKind.main_road if places == ROADS else PlaceKind.garbage_point
            for place in places:
                done_at = _at(day, clock, now) + timedelta(minutes=rng.randrange(0, 30))
                if done_at <= now:
                    n += 1
                    session.add(_record(n, kind, done_at, place=place))


def _meeting(session: AsyncSession, now: datetime) -> DispatchMeeting:
    held_at = min(_at(0, "08:30", now), now)
    meeting = DispatchMeeting(
        id=demo_id("dispatch_meeting", "today"),
        community_id=DEMO_COMMUNITY_ID,
        held_at=held_at,
        local_date=held_at.astimezone(ZONE).date(),
        period=MeetingPeriod.morning
        if held_at.astimezone(ZONE).hour < 12
        else MeetingPeriod.evening,
        chair="书记 刘红",
        attendees=["刘红", "社区工作人员 李敏", "网格员 王强", "卡口志愿者 陈军"],
        notes="通报昨日排查与隔离情况；东苑两部电梯昨日下午漏消毒，今日起消毒后须当场登记。",
        decisions=["电梯消毒后当场在手机上登记", "西苑独居老人今日电话回访一遍"],
        created_by=BY,
        created_at=held_at,
    )
    session.add(meeting)
    return meeting


def _tasks(
    session: AsyncSession,
    buildings: list[Building],
    grid1: Worker | None,
    meeting: DispatchMeeting,
    now: datetime,
) -> None:
    by_id = {b.id: b for b in buildings}
    first = by_id.get(demo_id("building", "东苑1"))
    third = by_id.get(demo_id("building", "东苑3"))
    # (title, kind, building, due in hours, status, from the meeting)
    rows = (
        ("东苑1栋各单元张贴出入管理通知", TaskKind.poster, first, 4, TaskStatus.open, False),
        ("西苑口罩入户分发（每户5只）", TaskKind.distribution, None, 8, TaskStatus.open, False),
        ("东苑3栋楼道加强消毒", TaskKind.disinfection, third, 3, TaskStatus.in_progress, False),
        ("电梯消毒登记检查", TaskKind.other, None, 6, TaskStatus.open, True),
        ("西苑独居老人电话回访", TaskKind.phone_calls, None, 10, TaskStatus.open, True),
    )
    for n, (title, kind, building, hours, status, from_meeting) in enumerate(rows):
        session.add(
            Task(
                id=demo_id("task", n),
                community_id=DEMO_COMMUNITY_ID,
                kind=kind,
                title=title,
                place="西苑" if "西苑" in title else "东苑",
                building_id=building.id if building else None,
                assignee_worker_id=grid1.id if grid1 and n % 2 == 0 else None,
                assignee_name=grid1.name if grid1 and n % 2 == 0 else "",
                due_at=now + timedelta(hours=hours),
                status=status,
                started_at=now if status == TaskStatus.in_progress else None,
                meeting_id=meeting.id if from_meeting else None,
                created_by=BY,
                updated_by=BY,
            )
        )


def _notices(session: AsyncSession, now: datetime) -> None:
    session.add(
        Notice(
            id=demo_id("notice", "access"),
            community_id=DEMO_COMMUNITY_ID,
            title="关于小区出入管理的通知",
            body="即日起本社区实行封闭管理：\n"
            "1. 每户每两天可由一名家庭成员凭出入证外出采购生活物资；\n"
            "2. 出入请佩戴口罩，配合卡口测量体温；\n"
            "3. 体温≥37.3℃者请勿外出，并立即联系社区。",
            pinned=True,
            published_at=now - timedelta(days=2),
            created_by=BY,
            updated_by=BY,
        )
    )
    session.add(
        Notice(
            id=demo_id("notice", "deliveries"),
            community_id=DEMO_COMMUNITY_ID,
            title="生活物资配送时间调整",
            body="本周起，合作超市每天上午10点、下午4点两次配送到小区门口取货点，"
            "居家隔离户由网格员送货上门。",
            pinned=False,
            published_at=now - timedelta(hours=5),
            expires_at=now + timedelta(days=7),
            created_by=BY,
            updated_by=BY,
        )
    )
