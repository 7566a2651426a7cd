"""Planning a testing round: the round and its points, the slots cut from the community's
households at creation, and who is not expected at a point (excluded, or sampled at home).

A round is created once per `Idempotency-Key`: its id is derived from the caller and the key, so
a retry (or the same request racing itself on another replica) finds the first round by its
primary key, with no table of keys. Creating it plans everything in one transaction: slots
that would run past a point's closing time refuse the round (422), and nothing is stored."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.testing_rounds import repository
from registry.health.testing_rounds.errors import (
    PointsTooSmall,
    RoundIdempotencyKeyReused,
    RoundNotFound,
    RoundStatusConflict,
)
from registry.health.testing_rounds.models import (
    Arrangement,
    ArrangementReason,
    RoundArrangement,
    RoundSlot,
    RoundStatus,
    SamplingPoint,
    TestingRound,
)
from registry.health.testing_rounds.schemas import (
    PointRead,
    RoundCreate,
    RoundPage,
    RoundRead,
    RoundUpdate,
)
from registry.health.testing_rounds.slots import (
    BuildingLoad,
    PointHours,
    clock,
    minutes,
    natural,
    overrun,
    plan_slots,
)
from registry.residents.communities import repository as communities
from registry.residents.communities.errors import CommunityNotFound
from registry.residents.communities.service import community_for
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import PageParams

_KEYS = uuid.UUID("0f6f2c2e-5d1a-4c3e-9a57-1b7e3f1d2c40")  # namespace of rounds' ids by key
_NEXT = {RoundStatus.planned: RoundStatus.sampling, RoundStatus.sampling: RoundStatus.closed}
CENTRALIZED = "集中隔离"


def round_id_for(principal: Principal, key: str) -> uuid.UUID:
    return uuid.uuid5(_KEYS, f"{principal.subject}\n{key}")


def read_round(row: TestingRound, points: Sequence[SamplingPoint]) -> RoundRead:
    return RoundRead(
        id=row.id,
        community_id=row.community_id,
        name=row.name,
        round_date=row.round_date,
        pool_size=row.pool_size,
        households_per_slot=row.households_per_slot,
        slot_minutes=row.slot_minutes,
        status=row.status,
        points=[PointRead.model_validate(p, from_attributes=True) for p in points],
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def visible_round(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID
) -> TestingRound:
    """Another community's round is reported missing (no existence oracle)."""
    row = await repository.get_round(session, round_id)
    if row is None or not principal.in_community(row.community_id):
        raise RoundNotFound()
    return row


async def _read(session: AsyncSession, row: TestingRound) -> RoundRead:
    return read_round(row, (await repository.points_of(session, [row.id]))[row.id])


def _same_request(earlier: RoundRead, body: RoundCreate) -> bool:
    """What a retry must repeat; the name may have been changed since."""
    points = {(p.name, p.place, p.opens_at, p.closes_at, p.tables) for p in earlier.points}
    asked = {(p.name, p.place, p.opens_at, p.closes_at, p.tables) for p in body.points}
    return (
        body.community_id in (None, earlier.community_id)
        and (earlier.round_date, earlier.pool_size) == (body.round_date, body.pool_size)
        and earlier.households_per_slot == body.households_per_slot
        and earlier.slot_minutes == body.slot_minutes
        and points == asked
    )


async def _replay(
    session: AsyncSession, principal: Principal, earlier: TestingRound, body: RoundCreate, key: str
) -> RoundRead:
    if not principal.in_community(earlier.community_id):
        raise RoundNotFound()
    read = await _read(session, earlier)
    if not _same_request(read, body):
        raise RoundIdempotencyKeyReused(f"Idempotency-Key '{key}' was first used for another round")
    return read


async def create_round(
    session: AsyncSession, principal: Principal, body: RoundCreate, key: str | None
) -> tuple[RoundRead, bool]:
    """(the round, created)"""
    round_id = round_id_for(principal, key) if key else uuid.uuid4()
    if key and (earlier := await repository.get_round(session, round_id)) is not None:
        return await _replay(session, principal, earlier, body, key), False
    community_id = community_for(principal, body.community_id)
    if await communities.get_community(session, community_id) is None:
        raise CommunityNotFound()
    row = TestingRound(
        id=round_id,
        community_id=community_id,
        name=body.name,
        round_date=body.round_date,
        pool_size=body.pool_size,
        households_per_slot=body.households_per_slot,
        slot_minutes=body.slot_minutes,
        status=RoundStatus.planned,
        created_by=principal.subject,
    )
    points = [
        SamplingPoint(
            id=uuid.uuid4(),
            community_id=community_id,
            round_id=round_id,
            name=p.name,
            place=p.place,
            opens_at=p.opens_at,
            closes_at=p.closes_at,
            tables=p.tables,
        )
        for p in body.points
    ]
    slots = await planned_slots(session, row, points)
    arrangements = await automatic_arrangements(session, row, principal.subject)
    try:
        session.add(row)
        await session.flush()
        session.add_all(points)
        await session.flush()
        session.add_all([*slots, *arrangements])
        await session.commit()
    except IntegrityError:  # the same key arrived twice at once: the other request made it
        await session.rollback()
        earlier = await repository.get_round(session, round_id) if key else None
        if earlier is None or key is None:
            raise
        return await _replay(session, principal, earlier, body, key), False
    return await _read(session, row), True


async def planned_slots(
    session: AsyncSession, row: TestingRound, points: Sequence[SamplingPoint]
) -> list[RoundSlot]:
    floors: dict[uuid.UUID, list[tuple[int, int]]] = defaultdict(list)
    keys: dict[uuid.UUID, tuple[object, ...]] = {}
    for count in await repository.household_counts(session, row.community_id):
        floors[count.building_id].append((count.floor, count.households))
        keys[count.building_id] = (natural(count.compound), natural(count.building))
    loads = [BuildingLoad(b, keys[b], tuple(f)) for b, f in floors.items()]
    hours = [PointHours(minutes(p.opens_at), minutes(p.closes_at), p.tables) for p in points]
    planned = plan_slots(loads, hours, row.households_per_slot, row.slot_minutes)
    if (late := overrun(planned, hours)) > 0:
        raise PointsTooSmall(
            f"the last point would close {late} minutes late", overrun_minutes=late
        )
    return [
        RoundSlot(
            id=uuid.uuid4(),
            community_id=row.community_id,
            round_id=row.id,
            point_id=points[s.point].id,
            building_id=s.building_id,
            from_floor=s.from_floor,
            to_floor=s.to_floor,
            starts_at=clock(s.starts),
            ends_at=clock(s.ends),
            households=s.households,
        )
        for s in planned
    ]


async def automatic_arrangements(
    session: AsyncSession, row: TestingRound, by: str
) -> list[RoundArrangement]:
    """Members of households in home quarantine and people with a disability are sampled at
    home; people in centralized quarantine are sampled where they are (excluded here). The
    first reason found for a person is theirs."""
    community_id = row.community_id
    found: dict[uuid.UUID, RoundArrangement] = {}
    sources = (
        (await repository.home_quarantined(session, community_id), Arrangement.home_sampling,
         ArrangementReason.quarantined, ""),
        (await repository.away_in_quarantine(session, community_id), Arrangement.excluded,
         ArrangementReason.away, CENTRALIZED),
        (await repository.with_disability(session, community_id), Arrangement.home_sampling,
         ArrangementReason.bedridden, ""),
    )  # fmt: skip
    for people, arrangement, reason, note in sources:
        for person_id, household_id in people:
            if person_id not in found:
                found[person_id] = RoundArrangement(
                    community_id=community_id,
                    round_id=row.id,
                    person_id=person_id,
                    household_id=household_id,
                    arrangement=arrangement,
                    reason=reason,
                    note=note,
                    created_by=by,
                )
    return list(found.values())


async def list_rounds(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None, page: PageParams
) -> RoundPage:
    if community_id is not None:
        only: list[uuid.UUID] | None = (
            [community_id] if principal.in_community(community_id) else []
        )
    else:
        only = None if principal.role == Role.admin else list(principal.community_ids)
    total, rows = await repository.list_rounds(session, only, page.limit, page.offset)
    points = await repository.points_of(session, [r.id for r in rows])
    items = [read_round(r, points[r.id]) for r in rows]
    return RoundPage(items=items, total=total, limit=page.limit, offset=page.offset)


async def get_round(session: AsyncSession, principal: Principal, round_id: uuid.UUID) -> RoundRead:
    return await _read(session, await visible_round(session, principal, round_id))


async def update_round(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID, change: RoundUpdate
) -> RoundRead:
    """Asking for the status the round already has changes nothing (a retry)."""
    row = await visible_round(session, principal, round_id)
    if change.status is not None and change.status != row.status:
        if _NEXT.get(row.status) != change.status:
            raise RoundStatusConflict(
                f"the round is {row.status}: it cannot become {change.status}"
            )
        row.status = change.status
    if change.name is not None:
        row.name = change.name
    await session.commit()
    return await _read(session, row)
