"""What the quarantine domain holds of a household (it blocks the household's deletion), and who
is in quarantine now (a worker in quarantine may not hold residents' cards)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.quarantines.models import Quarantine, QuarantineStatus
from registry.residents.people.models import Person


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


async def people_in_quarantine(
    session: AsyncSession, person_ids: list[uuid.UUID]
) -> set[uuid.UUID]:
    """Those of `person_ids` under an open quarantine, their own or their whole household's."""
    households = dict(
        (
            await session.execute(
                select(Person.id, Person.household_id).where(Person.id.in_(person_ids))
            )
        ).all()
    )
    if not households:
        return set()
    query = select(Quarantine.person_id, Quarantine.household_id).where(
        Quarantine.status == QuarantineStatus.active,
        Quarantine.household_id.in_(set(households.values())),
    )
    found: set[uuid.UUID] = set()
    for person_id, household_id in await session.execute(query):
        if person_id is None:
            found |= {p for p, h in households.items() if h == household_id}
        elif person_id in households:
            found.add(person_id)
    return found
