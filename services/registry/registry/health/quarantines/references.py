"""What the quarantine domain holds of a household: it blocks the household's deletion."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.quarantines.models import Quarantine, QuarantineStatus


async def quarantines_of_household(session: AsyncSession, household_id: uuid.UUID) -> str | None:
    """Open quarantines, and also released ones: their health records refer to the household
    until the community's health data is purged."""
    query = select(Quarantine.status, func.count(Quarantine.id)).where(
        Quarantine.household_id == household_id
    )
    counts = dict((await session.execute(query.group_by(Quarantine.status))).all())
    active = counts.get(QuarantineStatus.active, 0)
    released = counts.get(QuarantineStatus.released, 0)
    if active:
        return f"{active} 项未解除的隔离"
    if released:
        return f"{released} 条隔离记录（清除健康数据后可删除）"
    return None
