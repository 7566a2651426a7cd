"""A day's mass-testing round in the daily report and the dashboard, counted by the sampling
domain's own figures."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.sampling.figures import round_figures
from registry.health.testing_rounds.models import TestingRound


@dataclass(frozen=True, slots=True)
class TestingDay:
    round_id: uuid.UUID | None
    expected: int = 0
    sampled: int = 0
    missing: int = 0
    positive_tubes: int = 0


NO_ROUND = TestingDay(None)


async def testing_day(session: AsyncSession, community_id: uuid.UUID, day: date) -> TestingDay:
    """The round of that day (the latest made, if several); NO_ROUND when there is none."""
    query = (
        select(TestingRound)
        .where(TestingRound.community_id == community_id, TestingRound.round_date == day)
        .order_by(TestingRound.created_at.desc())
        .limit(1)
    )
    rnd = (await session.scalars(query)).first()
    if rnd is None:
        return NO_ROUND
    total = (await round_figures(session, rnd)).total
    return TestingDay(rnd.id, total.expected, total.sampled, total.missing, total.positives)
