"""What residents see of a round: how busy each point is now, and their household's slot,
point and members (sampled this round, their arrangement, their latest result) for the card."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import true
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.testing_rounds import repository
from registry.health.testing_rounds.errors import RoundHouseholdNotFound
from registry.health.testing_rounds.models import TestingRound
from registry.health.testing_rounds.schemas import (
    BusynessLevel,
    HouseholdMember,
    HouseholdRound,
    HouseholdRoundSummary,
    HouseholdSlot,
    LatestResult,
    PointBusyness,
)
from registry.health.testing_rounds.service import visible_round
from registry.residents.assignments.scope import scope_of
from registry.residents.communities import repository as communities
from registry.residents.households.models import Household
from shouhu_common.identity import Principal, Role
from shouhu_common.pii import mask_name

WINDOW = timedelta(minutes=10)
BUSY_PER_TABLE = 10  # registrations per table in the window: from here 较忙
CROWDED_PER_TABLE = 20  # from here 繁忙


def level_of(registrations: int, tables: int) -> BusynessLevel:
    per_table = registrations / max(tables, 1)
    if per_table < BUSY_PER_TABLE:
        return BusynessLevel.idle
    if per_table < CROWDED_PER_TABLE:
        return BusynessLevel.busy
    return BusynessLevel.crowded


async def point_busyness(
    session: AsyncSession, row: TestingRound, now: datetime
) -> list[PointBusyness]:
    points = (await repository.points_of(session, [row.id]))[row.id]
    counts = await repository.registrations_since(session, row.id, now - WINDOW)
    return [
        PointBusyness(
            point_id=p.id,
            name=p.name,
            place=p.place,
            opens_at=p.opens_at,
            closes_at=p.closes_at,
            tables=p.tables,
            registrations_10min=counts.get(p.id, 0),
            level=level_of(counts.get(p.id, 0), p.tables),
        )
        for p in points
    ]


async def busyness(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID, now: datetime
) -> list[PointBusyness]:
    """Residents read it for their own community's rounds, as staff do."""
    return await point_busyness(session, await visible_round(session, principal, round_id), now)


async def _visible_household(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID
) -> Household:
    """A resident reads only their own household; staff only households in their area."""
    household = await session.get(Household, household_id)
    if household is None:
        raise RoundHouseholdNotFound()
    if principal.role == Role.resident:
        if principal.household_id != household_id:
            raise RoundHouseholdNotFound()
    elif not (await scope_of(session, principal)).admits(
        household.community_id, household.building_id, household.floor
    ):
        raise RoundHouseholdNotFound()
    return household


async def _slot_of(
    session: AsyncSession, row: TestingRound, household: Household
) -> HouseholdSlot | None:
    places = {p.id: p.place for p in (await repository.points_of(session, [row.id]))[row.id]}
    for s in await repository.slots_of(session, row.id, household.building_id):
        if s.slot.from_floor <= household.floor <= s.slot.to_floor:
            return HouseholdSlot(
                point_id=s.slot.point_id,
                point_name=s.point_name,
                place=places.get(s.slot.point_id, ""),
                from_floor=s.slot.from_floor,
                to_floor=s.slot.to_floor,
                starts_at=s.slot.starts_at,
                ends_at=s.slot.ends_at,
            )
    return None


async def household_round(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID, now: datetime
) -> HouseholdRound:
    household = await _visible_household(session, principal, household_id)
    community = await communities.get_community(session, household.community_id)
    zone = ZoneInfo(community.timezone if community else "Asia/Shanghai")
    current = await repository.current_round(
        session, household.community_id, now.astimezone(zone).date()
    )
    members = await repository.members_of(session, household_id)
    ids = [m.id for m in members]
    results = await repository.latest_results(session, household.community_id, ids)
    sampled: set[uuid.UUID] = set()
    arranged = {}
    if current is not None:
        sampled = await repository.sampled_in(session, current.id, ids)
        rows = await repository.arrangements_of(
            session, current.id, None, true(), household_id=household_id
        )
        arranged = {r.arrangement.person_id: r.arrangement.arrangement for r in rows}
    return HouseholdRound(
        household_id=household_id,
        round=None
        if current is None
        else HouseholdRoundSummary(
            id=current.id, name=current.name, round_date=current.round_date, status=current.status
        ),
        slot=None if current is None else await _slot_of(session, current, household),
        points=[] if current is None else await point_busyness(session, current, now),
        members=[
            HouseholdMember(
                person_id=m.id,
                name=mask_name(m.name),
                sampled=m.id in sampled,
                arrangement=arranged.get(m.id),
                latest_result=LatestResult(
                    result=results[m.id][0], sampled_at=results[m.id][1], pooled=results[m.id][2]
                )
                if m.id in results
                else None,
            )
            for m in members
        ],
    )
