"""A household's current round (the household card's testing section) and what a grid worker
sees of a round: only their own buildings."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from gateway.clients.registry import RegistryClient
from registry.health.sampling.models import TubeResult
from registry.residents.assignments.models import GridAssignment
from tests.builders import headers_for, make_user, sign_in
from tests.conftest import Stack
from tests.registry.health.testing_rounds.builders import (
    Estate,
    R,
    create_round,
    make_estate,
    register,
)
from tests.supplies.builders import resident_headers

CARD = "/api/v1/household-card"


def current(household_id: object) -> str:
    return f"{R}/households/{household_id}/current"


async def grid_on(
    client: httpx.AsyncClient, stack: Stack, estate: Estate, building: str, floors: tuple[int, int]
) -> dict[str, str]:
    """A grid worker given `floors` of `building`."""
    user = await make_user(stack, f"grid-{building}", "grid_worker", [estate.community_id])
    async with stack.registry.state.sessionmaker() as session:
        session.add(
            GridAssignment(
                community_id=estate.community_id,
                subject=f"user:{user.id}",
                building_id=estate.buildings[building],
                floor_from=floors[0],
                floor_to=floors[1],
            )
        )
        await session.commit()
    return {"Authorization": f"Bearer {await sign_in(client, user.username)}"}


class TestHouseholdRound:
    async def test_a_resident_sees_their_slot_points_and_members(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        earlier = await create_round(client, estate, round_date="2026-01-01")
        created = await create_round(client, estate)
        home = estate.household("10栋", 2)
        wang, li = estate.people[home]
        await register(
            stack, estate, earlier, li, ago=timedelta(days=3), result=TubeResult.negative
        )
        point = created["points"][1]["id"]
        await register(stack, estate, created, wang, point_id=point)
        await register(stack, estate, created, li, point_id=point, duplicate=True)
        body = {"arrangement": "home_sampling", "reason": "bedridden"}
        put = await client.put(
            f"{R}/{created['id']}/arrangements/{li}", headers=estate.staff, json=body
        )
        assert put.status_code == 200
        resident = await resident_headers(client, estate.staff, home)
        response = await client.get(current(home), headers=resident)
        assert response.status_code == 200, response.text
        found = response.json()
        assert found["round"]["id"] == created["id"]
        assert found["slot"] == {
            "point_id": point,
            "point_name": "二号点",
            "place": "北门",
            "from_floor": 2,
            "to_floor": 2,
            "starts_at": "08:50",
            "ends_at": "09:10",
        }
        assert [(p["name"], p["level"]) for p in found["points"]] == [
            ("一号点", "idle"),
            ("二号点", "idle"),
        ]
        members = {m["person_id"]: m for m in found["members"]}
        assert members[str(wang)] | {"person_id": None} == {
            "person_id": None,
            "name": "王**",
            "sampled": True,
            "arrangement": None,
            "latest_result": None,
        }
        assert members[str(li)]["sampled"] is False  # only a duplicate this round
        assert members[str(li)]["arrangement"] == "home_sampling"
        assert members[str(li)]["latest_result"]["result"] == "negative"
        assert members[str(li)]["latest_result"]["pooled"] is True  # ten to a tube

    async def test_a_resident_reads_only_their_own_household(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        await create_round(client, estate)
        resident = await resident_headers(client, estate.staff, estate.household("1栋", 1))
        other = await client.get(current(estate.household("1栋", 2)), headers=resident)
        assert other.status_code == 404
        assert other.headers["content-type"] == "application/problem+json"

    async def test_without_a_round_there_is_nothing_to_go_down_for(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        closed = await create_round(client, estate, round_date="2026-01-01")
        for status in ("sampling", "closed"):
            await client.patch(f"{R}/{closed['id']}", headers=estate.staff, json={"status": status})
        response = await client.get(current(estate.household("1栋", 1)), headers=estate.staff)
        assert response.status_code == 200, response.text
        found = response.json()
        assert (found["round"], found["slot"], found["points"]) == (None, None, [])
        assert [m["sampled"] for m in found["members"]] == [False, False]


class TestGridWorker:
    async def test_a_grid_worker_sees_only_their_floors(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        created = await create_round(client, estate)
        for person in (estate.person("1栋", 2), estate.person("1栋", 4)):
            body = {"arrangement": "excluded", "reason": "away"}
            path = f"{R}/{created['id']}/arrangements/{person}"
            assert (await client.put(path, headers=estate.staff, json=body)).status_code == 200
        grid = await grid_on(client, stack, estate, "1栋", (1, 2))
        slots = await client.get(f"{R}/{created['id']}/slots", headers=grid)
        assert [(s["building_name"], s["from_floor"]) for s in slots.json()] == [
            ("东苑 1栋", 1),
            ("东苑 1栋", 2),
        ]
        listed = await client.get(f"{R}/{created['id']}/arrangements", headers=grid)
        assert [r["person_id"] for r in listed.json()] == [str(estate.person("1栋", 2))]
        inside = await client.get(current(estate.household("1栋", 2)), headers=grid)
        assert inside.status_code == 200
        for outside in (estate.household("1栋", 3), estate.household("2栋", 1)):
            assert (await client.get(current(outside), headers=grid)).status_code == 404
        poster = f"{R}/{created['id']}/posters/{estate.buildings['2栋']}"
        assert (await client.get(poster, headers=grid)).status_code == 404
        assert (await client.get(f"{R}/{created['id']}", headers=grid)).status_code == 200

    async def test_partners_and_officers_have_no_access(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        created = await create_round(client, estate)
        officer = await headers_for(client, stack, "officer", [estate.community_id])
        for path in (R, f"{R}/{created['id']}/slots", f"{R}/{created['id']}/points/busyness"):
            assert (await client.get(path, headers=officer)).status_code == 403


class TestCard:
    async def test_the_card_shows_the_round(self, client: httpx.AsyncClient, stack: Stack) -> None:
        estate = await make_estate(client, stack)
        created = await create_round(client, estate)
        resident = await resident_headers(client, estate.staff, estate.household("2栋", 1))
        response = await client.get(CARD, headers=resident)
        assert response.status_code == 200, response.text
        testing = response.json()["testing"]
        assert testing["available"] is True
        assert testing["round"]["id"] == created["id"]
        assert testing["slot"]["starts_at"] == "08:00"
        assert testing["slot"]["point_name"] == "二号点"
        assert [m["name"] for m in testing["members"]] == ["王**", "李*"]

    async def test_the_card_survives_the_testing_section_failing(
        self, client: httpx.AsyncClient, stack: Stack, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        estate = await make_estate(client, stack)
        await create_round(client, estate)
        resident = await resident_headers(client, estate.staff, estate.household("2栋", 1))

        async def unreadable(*args: object, **kwargs: object) -> object:
            raise ValueError("an answer the gateway cannot read")

        registry: RegistryClient = stack.gateway.state.registry
        monkeypatch.setattr(registry, "get_household_testing", unreadable)
        response = await client.get(CARD, headers=resident)
        assert response.status_code == 200, response.text
        card = response.json()
        assert card["testing"]["available"] is False
        assert card["testing"]["problem"]["type"] == "/problems/upstream-error"
        assert card["household"]["id"] == str(estate.household("2栋", 1))
