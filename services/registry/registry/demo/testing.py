"""The demo community's testing round 全员核酸: today's, under way (status `sampling`), at two
points, its slots and home-sampling list planned as `POST /testing-rounds` plans them."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.testing_rounds.models import RoundStatus, SamplingPoint, TestingRound
from registry.health.testing_rounds.service import automatic_arrangements, planned_slots
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, demo_id, demo_user_id

ZONE = ZoneInfo("Asia/Shanghai")
BY = f"user:{demo_user_id('staff')}"
# (name, place, opens, closes, tables)
POINTS = (
    ("东苑采样点", "东苑广场", time(7), time(11), 2),
    ("西苑采样点", "西苑南门", time(7), time(11), 2),
)


async def load_demo_testing(session: AsyncSession) -> None:
    """Called by `demo.load_demo` once households and people are flushed; commits nothing."""
    row = TestingRound(
        id=demo_id("testing-round", "today"),
        community_id=DEMO_COMMUNITY_ID,
        name="全员核酸检测",
        round_date=datetime.now(ZONE).date(),
        pool_size=10,
        households_per_slot=20,
        slot_minutes=10,
        status=RoundStatus.sampling,
        created_by=BY,
    )
    points = [
        SamplingPoint(
            id=demo_id("sampling-point", name),
            community_id=DEMO_COMMUNITY_ID,
            round_id=row.id,
            name=name,
            place=place,
            opens_at=opens,
            closes_at=closes,
            tables=tables,
        )
        for name, place, opens, closes, tables in POINTS
    ]
    slots = await planned_slots(session, row, points)
    arrangements = await automatic_arrangements(session, row, BY)
    session.add(row)
    await session.flush()
    session.add_all(points)
    await session.flush()
    session.add_all([*slots, *arrangements])
    await session.flush()
