"""Queries of rounds, their points, slots and arrangements, and of what planning reads from the
households, people and quarantines of the community."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, delete, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.quarantines.models import Quarantine, QuarantineKind, QuarantineStatus
from registry.health.sampling.models import SampleRegistration, SampleTube, TubeResult
from registry.health.testing_rounds.models import (
    Arrangement,
    RoundArrangement,
    RoundSlot,
    RoundStatus,
    SamplingPoint,
    TestingRound,
)
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from registry.residents.people.models import Person


@dataclass(frozen=True, slots=True)
class FloorCount:
    building_id: uuid.UUID
    compound: str
    building: str
    floor: int
    households: int


@dataclass(frozen=True, slots=True)
class SlotRow:
    slot: RoundSlot
    compound: str
    building: str
    point_name: str


@dataclass(frozen=True, slots=True)
class ArrangementRow:
    arrangement: RoundArrangement
    name: str
    building_id: uuid.UUID
    compound: str
    building: str
    floor: int
    room: str


async def get_round(session: AsyncSession, round_id: uuid.UUID) -> TestingRound | None:
    return await session.get(TestingRound, round_id)


async def list_rounds(
    session: AsyncSession, community_ids: Sequence[uuid.UUID] | None, limit: int, offset: int
) -> tuple[int, list[TestingRound]]:
    where: ColumnElement[bool] = (
        TestingRound.community_id.in_(community_ids) if community_ids is not None else true()
    )
    total = (await session.execute(select(func.count(TestingRound.id)).where(where))).scalar_one()
    query = (
        select(TestingRound)
        .where(where)
        .order_by(TestingRound.round_date.desc(), TestingRound.created_at.desc(), TestingRound.id)
        .limit(limit)
        .offset(offset)
    )
    return int(total), list((await session.scalars(query)).all())


async def points_of(
    session: AsyncSession, round_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[SamplingPoint]]:
    query = (
        select(SamplingPoint)
        .where(SamplingPoint.round_id.in_(round_ids))
        .order_by(SamplingPoint.opens_at, SamplingPoint.name, SamplingPoint.id)
    )
    found: dict[uuid.UUID, list[SamplingPoint]] = {r: [] for r in round_ids}
    for point in await session.scalars(query):
        found[point.round_id].append(point)
    return found


async def household_counts(session: AsyncSession, community_id: uuid.UUID) -> list[FloorCount]:
    query = (
        select(
            Household.building_id,
            Compound.name,
            Building.name,
            Household.floor,
            func.count(Household.id),
        )
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
        .where(Household.community_id == community_id)
        .group_by(Household.building_id, Compound.name, Building.name, Household.floor)
    )
    return [FloorCount(*row) for row in (await session.execute(query)).all()]


async def households_on(
    session: AsyncSession, building_id: uuid.UUID, from_floor: int, to_floor: int
) -> int:
    query = select(func.count(Household.id)).where(
        Household.building_id == building_id,
        Household.floor >= from_floor,
        Household.floor <= to_floor,
    )
    return int((await session.execute(query)).scalar_one())


async def building_of(
    session: AsyncSession, community_id: uuid.UUID, building_id: uuid.UUID
) -> tuple[str, str] | None:
    """(compound name, building name) of a building of the community."""
    query = (
        select(Compound.name, Building.name)
        .join(Compound, Compound.id == Building.compound_id)
        .where(Building.id == building_id, Building.community_id == community_id)
    )
    row = (await session.execute(query)).first()
    return (row[0], row[1]) if row else None


async def slots_of(
    session: AsyncSession, round_id: uuid.UUID, building_id: uuid.UUID | None = None
) -> list[SlotRow]:
    query = (
        select(RoundSlot, Compound.name, Building.name, SamplingPoint.name)
        .join(Building, Building.id == RoundSlot.building_id)
        .join(Compound, Compound.id == Building.compound_id)
        .join(SamplingPoint, SamplingPoint.id == RoundSlot.point_id)
        .where(RoundSlot.round_id == round_id)
        .order_by(RoundSlot.starts_at, SamplingPoint.name, RoundSlot.id)
    )
    if building_id is not None:
        query = query.where(RoundSlot.building_id == building_id)
    return [SlotRow(*row) for row in (await session.execute(query)).all()]


async def get_slot(
    session: AsyncSession, round_id: uuid.UUID, slot_id: uuid.UUID
) -> RoundSlot | None:
    slot = await session.get(RoundSlot, slot_id)
    return slot if slot is not None and slot.round_id == round_id else None


async def home_quarantined(
    session: AsyncSession, community_id: uuid.UUID
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(person, household) of every member of a household with an active home quarantine (of
    the household or of one member: they share the door the sampler knocks on)."""
    quarantined = select(Quarantine.household_id).where(
        Quarantine.community_id == community_id,
        Quarantine.status == QuarantineStatus.active,
        Quarantine.kind == QuarantineKind.home,
    )
    query = select(Person.id, Person.household_id).where(
        Person.community_id == community_id, Person.household_id.in_(quarantined)
    )
    return [(p, h) for p, h in (await session.execute(query)).all()]


async def away_in_quarantine(
    session: AsyncSession, community_id: uuid.UUID
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(person, household) of people under an active centralized quarantine 集中隔离: sampled
    where they are, not here."""
    query = (
        select(Person.id, Person.household_id)
        .join(
            Quarantine,
            or_(
                Quarantine.person_id == Person.id,
                (Quarantine.person_id.is_(None)) & (Quarantine.household_id == Person.household_id),
            ),
        )
        .where(
            Quarantine.community_id == community_id,
            Quarantine.status == QuarantineStatus.active,
            Quarantine.kind == QuarantineKind.centralized,
        )
    )
    return [(p, h) for p, h in (await session.execute(query)).all()]


async def with_disability(
    session: AsyncSession, community_id: uuid.UUID
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    query = select(Person.id, Person.household_id).where(
        Person.community_id == community_id, Person.disability.is_(True)
    )
    return [(p, h) for p, h in (await session.execute(query)).all()]


async def get_person(
    session: AsyncSession, community_id: uuid.UUID, person_id: uuid.UUID
) -> tuple[Person, Household] | None:
    query = (
        select(Person, Household)
        .join(Household, Household.id == Person.household_id)
        .where(Person.id == person_id, Person.community_id == community_id)
    )
    row = (await session.execute(query)).first()
    return (row[0], row[1]) if row else None


async def get_arrangement(
    session: AsyncSession, round_id: uuid.UUID, person_id: uuid.UUID
) -> RoundArrangement | None:
    query = select(RoundArrangement).where(
        RoundArrangement.round_id == round_id, RoundArrangement.person_id == person_id
    )
    return (await session.scalars(query)).first()


async def delete_arrangement(
    session: AsyncSession, round_id: uuid.UUID, person_id: uuid.UUID
) -> None:
    await session.execute(
        delete(RoundArrangement).where(
            RoundArrangement.round_id == round_id, RoundArrangement.person_id == person_id
        )
    )


async def arrangements_of(
    session: AsyncSession,
    round_id: uuid.UUID,
    arrangement: Arrangement | None,
    households: ColumnElement[bool],
    household_id: uuid.UUID | None = None,
) -> list[ArrangementRow]:
    """`households`: the caller's scope as a condition on `Household`."""
    query = (
        select(
            RoundArrangement,
            Person.name,
            Household.building_id,
            Compound.name,
            Building.name,
            Household.floor,
            Household.room,
        )
        .join(Person, Person.id == RoundArrangement.person_id)
        .join(Household, Household.id == RoundArrangement.household_id)
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
        .where(RoundArrangement.round_id == round_id, households)
    )
    if arrangement is not None:
        query = query.where(RoundArrangement.arrangement == arrangement)
    if household_id is not None:
        query = query.where(RoundArrangement.household_id == household_id)
    return [ArrangementRow(*row) for row in (await session.execute(query)).all()]


async def registrations_since(
    session: AsyncSession, round_id: uuid.UUID, since: datetime
) -> dict[uuid.UUID, int]:
    """Counted registrations (not duplicates) at each point since `since`."""
    query = (
        select(SampleRegistration.point_id, func.count(SampleRegistration.id))
        .where(
            SampleRegistration.round_id == round_id,
            SampleRegistration.sampled_at >= since,
            SampleRegistration.duplicate.is_(False),
            SampleRegistration.point_id.is_not(None),
        )
        .group_by(SampleRegistration.point_id)
    )
    return {p: int(n) for p, n in (await session.execute(query)).all() if p is not None}


async def current_round(
    session: AsyncSession, community_id: uuid.UUID, today: date
) -> TestingRound | None:
    """The latest round not closed, or closed but of `today` (the community's date)."""
    query = (
        select(TestingRound)
        .where(
            TestingRound.community_id == community_id,
            or_(
                TestingRound.status != RoundStatus.closed,
                TestingRound.round_date == today,
            ),
        )
        .order_by(TestingRound.round_date.desc(), TestingRound.created_at.desc())
        .limit(1)
    )
    return (await session.scalars(query)).first()


async def members_of(session: AsyncSession, household_id: uuid.UUID) -> list[Person]:
    query = (
        select(Person)
        .where(Person.household_id == household_id)
        .order_by(Person.created_at, Person.id)
    )
    return list((await session.scalars(query)).all())


async def sampled_in(
    session: AsyncSession, round_id: uuid.UUID, person_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    query = select(SampleRegistration.person_id).where(
        SampleRegistration.round_id == round_id,
        SampleRegistration.person_id.in_(person_ids),
        SampleRegistration.duplicate.is_(False),
    )
    return set((await session.scalars(query)).all())


async def latest_results(
    session: AsyncSession, community_id: uuid.UUID, person_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[TubeResult, datetime, bool]]:
    """Each person's latest registration in the community's rounds whose tube has a result: the
    result, when the person was sampled, and whether the tube was pooled (more than one person)."""
    rounds = select(TestingRound.id).where(TestingRound.community_id == community_id)
    query = (
        select(
            SampleRegistration.person_id,
            SampleTube.result,
            SampleRegistration.sampled_at,
            SampleTube.capacity,
        )
        .join(SampleTube, SampleTube.id == SampleRegistration.tube_id)
        .where(
            SampleRegistration.round_id.in_(rounds),
            SampleRegistration.person_id.in_(person_ids),
            SampleTube.result.is_not(None),
        )
        .order_by(SampleRegistration.sampled_at.desc(), SampleRegistration.id)
    )
    latest: dict[uuid.UUID, tuple[TubeResult, datetime, bool]] = {}
    for person_id, result, sampled_at, capacity in (await session.execute(query)).all():
        if result is not None:
            latest.setdefault(person_id, (TubeResult(result), sampled_at, capacity > 1))
    return latest
