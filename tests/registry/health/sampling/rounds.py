"""Testing rounds, points and what the planning adds, written straight into the registry's
database (the planning routes are not what these tests are about)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import httpx
from sqlalchemy import select

from registry.health.sampling.models import SampleTube
from registry.health.test_results.models import RetestEntry
from registry.health.testing_rounds.models import (
    RoundArrangement,
    RoundSlot,
    SamplingPoint,
    TestingRound,
)
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from tests.conftest import Stack


@dataclass
class Round:
    id: uuid.UUID
    community_id: uuid.UUID
    point_id: uuid.UUID


async def make_round(
    stack: Stack, community_id: uuid.UUID, *, pool_size: int = 10, status: str = "sampling"
) -> Round:
    async with stack.registry.state.sessionmaker() as session:
        rnd = TestingRound(
            community_id=community_id,
            name="第一轮全员核酸",
            round_date=date.today(),
            pool_size=pool_size,
            status=status,
            created_by="test",
        )
        session.add(rnd)
        await session.flush()
        point = SamplingPoint(
            community_id=community_id,
            round_id=rnd.id,
            name="东门采样点",
            opens_at=time(8),
            closes_at=time(12),
            tables=2,
        )
        session.add(point)
        await session.commit()
        return Round(rnd.id, community_id, point.id)


async def add_slot(stack: Stack, rnd: Round, building_id: uuid.UUID) -> None:
    async with stack.registry.state.sessionmaker() as session:
        session.add(
            RoundSlot(
                community_id=rnd.community_id,
                round_id=rnd.id,
                point_id=rnd.point_id,
                building_id=building_id,
                from_floor=-5,
                to_floor=100,
                starts_at=time(8),
                ends_at=time(9),
                households=1,
            )
        )
        await session.commit()


async def people_of(stack: Stack, community_id: uuid.UUID) -> list[Person]:
    async with stack.registry.state.sessionmaker() as session:
        query = (
            select(Person)
            .join(Household, Household.id == Person.household_id)
            .where(Person.community_id == community_id)
            .order_by(Household.room)
        )
        return list((await session.scalars(query)).all())


async def arrange(stack: Stack, rnd: Round, person: Person, arrangement: str, reason: str) -> None:
    async with stack.registry.state.sessionmaker() as session:
        session.add(
            RoundArrangement(
                community_id=rnd.community_id,
                round_id=rnd.id,
                person_id=person.id,
                household_id=person.household_id,
                arrangement=arrangement,
                reason=reason,
                created_by="test",
            )
        )
        await session.commit()


async def put_on_retest_list(stack: Stack, rnd: Round, person: Person, barcode: str) -> uuid.UUID:
    async with stack.registry.state.sessionmaker() as session:
        tube = (
            await session.scalars(
                select(SampleTube).where(
                    SampleTube.community_id == rnd.community_id, SampleTube.barcode == barcode
                )
            )
        ).one()
        tube.result = "positive"
        household = await session.get(Household, person.household_id)
        assert household is not None
        entry = RetestEntry(
            community_id=rnd.community_id,
            round_id=rnd.id,
            source_tube_id=tube.id,
            person_id=person.id,
            household_id=person.household_id,
            building_id=household.building_id,
        )
        session.add(entry)
        await session.commit()
        return entry.id


async def retest_registration(stack: Stack, entry_id: uuid.UUID) -> uuid.UUID | None:
    async with stack.registry.state.sessionmaker() as session:
        entry = await session.get(RetestEntry, entry_id)
        assert entry is not None
        return entry.retest_registration_id


def swab(
    person_id: uuid.UUID,
    barcode: str,
    point_id: uuid.UUID | None,
    *,
    confirm_visitor: bool = False,
    home: bool = False,
) -> dict[str, object]:
    return {
        "client_id": str(uuid.uuid4()),
        "tube_barcode": barcode,
        "point_id": str(point_id) if point_id else None,
        "person_id": str(person_id),
        "home": home,
        "confirm_visitor": confirm_visitor,
        "sampled_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
    }


async def upload(
    client: httpx.AsyncClient, headers: dict[str, str], rnd: Round, items: list[dict[str, object]]
) -> dict[str, list[object]]:
    response = await client.post(
        f"/api/v1/testing-rounds/{rnd.id}/registrations:batch",
        headers=headers,
        json={"registrations": items},
    )
    assert response.status_code == 200, response.text
    body: dict[str, list[object]] = response.json()
    return body
