"""Builders for the testing round tests: an estate of several buildings and floors, rounds made
through the gateway, and registrations written straight into the sampling tables (the sampling
routes are not the planning's)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx

from registry.health.sampling.models import SampleRegistration, SampleTube, TubeResult
from registry.residents.communities.models import Building, Community, Compound
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from shouhu_common.clock import utc_now
from tests.builders import headers_for
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import today

R = "/api/v1/testing-rounds"
# building name → households on each floor, lowest floor first
LAYOUT: dict[str, list[int]] = {"2栋": [4, 4, 4], "10栋": [6, 6], "1栋": [3, 3, 3, 3]}


@dataclass
class Estate:
    community_id: uuid.UUID
    buildings: dict[str, uuid.UUID] = field(default_factory=dict)
    # (building name, floor) → household ids on it
    households: dict[tuple[str, int], list[uuid.UUID]] = field(default_factory=dict)
    # household id → its people
    people: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)
    staff: dict[str, str] = field(default_factory=dict)

    def household(self, building: str, floor: int, n: int = 0) -> uuid.UUID:
        return self.households[(building, floor)][n]

    def person(self, building: str, floor: int, n: int = 0) -> uuid.UUID:
        return self.people[self.household(building, floor, n)][0]


async def make_estate(
    client: httpx.AsyncClient,
    stack: Stack,
    layout: dict[str, list[int]] | None = None,
    name: str = "核酸社区",
) -> Estate:
    """Households of two people each (王, 李) on the floors of each building."""
    async with stack.registry.state.sessionmaker() as session:
        community = Community(name=name, subdistrict="测试街道")
        session.add(community)
        await session.flush()
        compound = Compound(community_id=community.id, name="东苑")
        session.add(compound)
        await session.flush()
        estate = Estate(community.id)
        for building_name, floors in (layout or LAYOUT).items():
            building = Building(
                community_id=community.id,
                compound_id=compound.id,
                name=building_name,
                floors=len(floors),
            )
            session.add(building)
            await session.flush()
            estate.buildings[building_name] = building.id
            for floor, count in enumerate(floors, start=1):
                for door in range(1, count + 1):
                    household = Household(
                        community_id=community.id,
                        building_id=building.id,
                        floor=floor,
                        room=f"{floor}{door:02d}",
                        card_number=f"T{uuid.uuid4().hex[:12]}",
                    )
                    session.add(household)
                    await session.flush()
                    people = [
                        Person(community_id=community.id, household_id=household.id, name=n)
                        for n in ("王小明", "李红")
                    ]
                    session.add_all(people)
                    await session.flush()
                    estate.households.setdefault((building_name, floor), []).append(household.id)
                    estate.people[household.id] = [p.id for p in people]
        await session.commit()
    estate.staff = await headers_for(client, stack, "staff", [estate.community_id])
    return estate


def round_body(estate: Estate, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "community_id": str(estate.community_id),
        "name": "第一轮全员核酸",
        "round_date": today().isoformat(),
        "households_per_slot": 5,
        "slot_minutes": 10,
        "points": [
            {"name": "一号点", "place": "东苑广场", "opens_at": "08:00", "closes_at": "12:00"},
            {"name": "二号点", "place": "北门", "opens_at": "08:00", "closes_at": "12:00"},
        ],
    }
    return body | fields


async def create_round(
    client: httpx.AsyncClient, estate: Estate, key: str | None = None, **fields: Any
) -> dict[str, Any]:
    headers = estate.staff | {"Idempotency-Key": key or str(uuid.uuid4())}
    response = await client.post(R, headers=headers, json=round_body(estate, **fields))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def register(
    stack: Stack,
    estate: Estate,
    round_: dict[str, Any],
    person_id: uuid.UUID,
    *,
    point_id: str | None = None,
    ago: timedelta = timedelta(minutes=1),
    duplicate: bool = False,
    result: TubeResult | None = None,
) -> None:
    """One person swabbed into a tube of their own, `ago` before now."""
    now = utc_now()
    async with stack.registry.state.sessionmaker() as session:
        person = await session.get(Person, person_id)
        assert person is not None
        household = await session.get(Household, person.household_id)
        assert household is not None
        tube = SampleTube(
            community_id=estate.community_id,
            round_id=uuid.UUID(round_["id"]),
            point_id=uuid.UUID(point_id) if point_id else None,
            barcode=uuid.uuid4().hex[:20],
            capacity=10,
            filled=1,
            opened_by="test",
            opened_at=now - ago,
            result=result,
            result_at=now if result else None,
        )
        session.add(tube)
        await session.flush()
        session.add(
            SampleRegistration(
                client_id=uuid.uuid4(),
                community_id=estate.community_id,
                round_id=tube.round_id,
                tube_id=tube.id,
                point_id=tube.point_id,
                person_id=person_id,
                household_id=household.id,
                building_id=household.building_id,
                floor=household.floor,
                home=point_id is None,
                duplicate=duplicate,
                sampled_at=now - ago,
                recorded_by="test",
            )
        )
        await session.commit()
