"""Queries of tubes, their people, the re-test list and the watched buildings."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.quarantines.models import Quarantine, QuarantineStatus
from registry.health.sampling.models import SampleRegistration, SampleTube
from registry.health.test_results.models import RetestEntry, WatchedBuilding
from registry.health.testing_rounds.models import TestingRound
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from registry.residents.people.models import Person

# "东苑 1栋": a community may have a 1栋 in two compounds
BUILDING_LABEL = (Compound.name + " " + Building.name).label("building_name")


@dataclass(frozen=True, slots=True)
class Swabbed:
    """A counted registration of a tube: who is in it and where they live."""

    tube_id: uuid.UUID
    round_id: uuid.UUID
    person_id: uuid.UUID
    household_id: uuid.UUID
    building_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class PersonRow:
    person_id: uuid.UUID
    name: str
    household_id: uuid.UUID
    building_id: uuid.UUID
    building_name: str
    floor: int
    room: str


async def get_round(session: AsyncSession, round_id: uuid.UUID) -> TestingRound | None:
    return await session.get(TestingRound, round_id)


async def tubes_by_barcode(
    session: AsyncSession, community_id: uuid.UUID, barcodes: Sequence[str]
) -> dict[str, SampleTube]:
    """Locked on PostgreSQL: two posts of the same tube at once are judged one after the other."""
    found: dict[str, SampleTube] = {}
    for start in range(0, len(barcodes), 1000):
        query = select(SampleTube).where(
            SampleTube.community_id == community_id,
            SampleTube.barcode.in_(barcodes[start : start + 1000]),
        )
        found.update((t.barcode, t) for t in await session.scalars(query.with_for_update()))
    return found


async def swabbed_in(session: AsyncSession, tube_ids: Sequence[uuid.UUID]) -> list[Swabbed]:
    """Counted registrations (not the duplicates) of the tubes, with their building."""
    if not tube_ids:
        return []
    query = (
        select(
            SampleRegistration.tube_id,
            SampleRegistration.round_id,
            SampleRegistration.person_id,
            SampleRegistration.household_id,
            SampleRegistration.building_id,
        )
        .where(SampleRegistration.tube_id.in_(tube_ids), SampleRegistration.duplicate.is_(False))
        .order_by(SampleRegistration.sampled_at, SampleRegistration.id)
    )
    return [Swabbed(*row) for row in (await session.execute(query)).all()]


@dataclass(frozen=True, slots=True)
class Listed:
    """What the rounds' lists hold: (round, person), (round, household), (round, building)."""

    people: set[tuple[uuid.UUID, uuid.UUID]]
    households: set[tuple[uuid.UUID, uuid.UUID]]
    buildings: set[tuple[uuid.UUID, uuid.UUID]]


async def already_listed(session: AsyncSession, round_ids: Iterable[uuid.UUID]) -> Listed:
    ids = list(set(round_ids))
    entries = select(RetestEntry.round_id, RetestEntry.person_id, RetestEntry.household_id).where(
        RetestEntry.round_id.in_(ids)
    )
    rows = (await session.execute(entries)).all()
    buildings = select(WatchedBuilding.round_id, WatchedBuilding.building_id).where(
        WatchedBuilding.round_id.in_(ids)
    )
    return Listed(
        {(r, p) for r, p, _ in rows},
        {(r, h) for r, _, h in rows},
        {(r, b) for r, b in (await session.execute(buildings)).all()},
    )


def _insert(session: AsyncSession, model: Any) -> Any:
    name = session.get_bind().dialect.name
    return (postgresql.insert if name == "postgresql" else sqlite.insert)(model.__table__)


async def add_ignoring_existing(
    session: AsyncSession, model: Any, rows: list[dict[str, Any]]
) -> int:
    """Inserts the rows that are not there yet (by the table's unique keys); how many were."""
    if not rows:
        return 0
    result = await session.execute(_insert(session, model).values(rows).on_conflict_do_nothing())
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def result_tubes(session: AsyncSession, round_id: uuid.UUID) -> list[SampleTube]:
    query = (
        select(SampleTube)
        .where(SampleTube.round_id == round_id, SampleTube.result.in_(("positive", "invalid")))
        .order_by(SampleTube.result_at, SampleTube.barcode)
    )
    return list((await session.scalars(query)).all())


def _people_query() -> Any:
    return (
        select(
            Person.id,
            Person.name,
            Household.id,
            Household.building_id,
            BUILDING_LABEL,
            Household.floor,
            Household.room,
        )
        .join(Household, Household.id == Person.household_id)
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
    )


async def people(
    session: AsyncSession, person_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, PersonRow]:
    ids = list(set(person_ids))
    found: dict[uuid.UUID, PersonRow] = {}
    for start in range(0, len(ids), 1000):
        query = _people_query().where(Person.id.in_(ids[start : start + 1000]))
        found.update((r[0], PersonRow(*r)) for r in (await session.execute(query)).all())
    return found


async def retest_entries(
    session: AsyncSession, round_id: uuid.UUID, household_id: uuid.UUID | None = None
) -> list[RetestEntry]:
    query = select(RetestEntry).where(RetestEntry.round_id == round_id)
    if household_id is not None:
        query = query.where(RetestEntry.household_id == household_id)
    return list((await session.scalars(query.order_by(RetestEntry.created_at))).all())


async def tubes(
    session: AsyncSession, tube_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, SampleTube]:
    ids = list(set(tube_ids))
    if not ids:
        return {}
    return {
        t.id: t for t in await session.scalars(select(SampleTube).where(SampleTube.id.in_(ids)))
    }


async def retest_tubes(
    session: AsyncSession, round_id: uuid.UUID, person_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, tuple[uuid.UUID, SampleTube]]:
    """Each person's latest single-tube re-test registration in the round, with its tube."""
    ids = list(set(person_ids))
    if not ids:
        return {}
    query = (
        select(SampleRegistration.person_id, SampleRegistration.id, SampleTube)
        .join(SampleTube, SampleTube.id == SampleRegistration.tube_id)
        .where(
            SampleRegistration.round_id == round_id,
            SampleRegistration.person_id.in_(ids),
            SampleTube.retest.is_(True),
        )
        .order_by(SampleRegistration.sampled_at)
    )
    return {p: (r, t) for p, r, t in (await session.execute(query)).all()}


async def watched(
    session: AsyncSession, round_id: uuid.UUID
) -> list[tuple[WatchedBuilding, str, str, int]]:
    retests = (
        select(func.count(RetestEntry.id))
        .where(
            RetestEntry.round_id == WatchedBuilding.round_id,
            RetestEntry.building_id == WatchedBuilding.building_id,
        )
        .scalar_subquery()
    )
    query = (
        select(WatchedBuilding, BUILDING_LABEL, SampleTube.barcode, retests)
        .join(Building, Building.id == WatchedBuilding.building_id)
        .join(Compound, Compound.id == Building.compound_id)
        .join(SampleTube, SampleTube.id == WatchedBuilding.first_tube_id)
        .where(WatchedBuilding.round_id == round_id)
        .order_by(WatchedBuilding.since, BUILDING_LABEL)
    )
    return [(w, name, code, int(n)) for w, name, code, n in (await session.execute(query)).all()]


async def decide(
    session: AsyncSession,
    round_id: uuid.UUID,
    household_id: uuid.UUID,
    decision: str,
    decided_by: str,
) -> None:
    await session.execute(
        update(RetestEntry)
        .where(RetestEntry.round_id == round_id, RetestEntry.household_id == household_id)
        .values(decision=decision, decided_by=decided_by)
        .execution_options(synchronize_session=False)
    )


async def active_household_quarantine(
    session: AsyncSession, household_id: uuid.UUID
) -> uuid.UUID | None:
    query = select(Quarantine.id).where(
        Quarantine.household_id == household_id,
        Quarantine.person_id.is_(None),
        Quarantine.status == QuarantineStatus.active,
    )
    return (await session.scalars(query.limit(1))).first()
