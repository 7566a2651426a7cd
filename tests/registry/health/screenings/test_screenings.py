"""Screening 排查 through the gateway: rounds, the work list, forms, risk rules, roles, scoping."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from registry.residents.communities.models import Building
from tests.builders import CommunityTree, headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import grid_worker

S = "/api/v1/screenings"
NO = {"outbreak_travel": False, "case_contact": False, "symptoms": False}


@pytest.fixture
async def tree(stack: Stack) -> CommunityTree:
    return await make_community(stack, households=3)


@pytest.fixture
async def staff(client: httpx.AsyncClient, stack: Stack, tree: CommunityTree) -> dict[str, str]:
    return await headers_for(client, stack, "staff", [tree.community_id])


async def other_building(stack: Stack, tree: CommunityTree) -> uuid.UUID:
    async with stack.registry.state.sessionmaker() as session:
        first = await session.get(Building, tree.building_id)
        assert first is not None
        building = Building(
            community_id=tree.community_id, compound_id=first.compound_id, name="9栋"
        )
        session.add(building)
        await session.commit()
        return building.id


async def start_round(client: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    return await client.post(f"{S}/rounds", headers=headers, json={})


async def screen(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    household_id: uuid.UUID,
    outcome: str = "reached",
    **fields: Any,
) -> httpx.Response:
    body: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "household_id": str(household_id),
        "method": "door",
        "outcome": outcome,
    }
    if outcome == "reached":
        body |= NO
    body |= fields
    return await client.post(S, headers=headers, json=body)


async def work_list_ids(client: httpx.AsyncClient, headers: dict[str, str]) -> list[str]:
    response = await client.get(f"{S}/work-list", headers=headers)
    assert response.status_code == 200, response.text
    return [h["household_id"] for h in response.json()["items"]]


class TestRoundsAndWorkList:
    async def test_no_round_yet_is_a_conflict(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        assert (await client.get(f"{S}/work-list", headers=staff)).status_code == 409
        response = await screen(client, staff, tree.household_ids[0])
        assert response.status_code == 409
        assert response.json()["type"].endswith("no-screening-round")

    async def test_screened_households_leave_the_list_until_the_next_round(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        first = await start_round(client, staff)
        assert first.status_code == 201, first.text
        assert first.json()["number"] == 1
        everyone = [str(h) for h in tree.household_ids]
        assert sorted(await work_list_ids(client, staff)) == sorted(everyone)

        assert (await screen(client, staff, tree.household_ids[0])).status_code == 201
        refused = await screen(client, staff, tree.household_ids[1], outcome="refused")
        assert refused.status_code == 201
        assert refused.json()["risk_level"] is None
        nobody = await screen(client, staff, tree.household_ids[2], outcome="not_reached")
        assert nobody.status_code == 201
        listed = (await client.get(f"{S}/work-list", headers=staff)).json()
        assert [h["household_id"] for h in listed["items"]] == [everyone[2]]
        assert listed["items"][0]["last_outcome"] == "not_reached"
        assert listed["total"] == 1

        second = await start_round(client, staff)
        assert second.json()["number"] == 2
        assert sorted(await work_list_ids(client, staff)) == sorted(everyone)
        rounds = (await client.get(f"{S}/rounds", headers=staff)).json()
        assert [r["number"] for r in rounds["items"]] == [2, 1]


class TestForms:
    @pytest.mark.parametrize(
        ("answers", "level"),
        [
            ({}, "low"),
            ({"outbreak_travel": True}, "medium"),
            ({"case_contact": True}, "high"),
            ({"symptoms": True}, "high"),
            ({"outbreak_travel": True, "symptoms": True}, "high"),
        ],
    )
    async def test_risk_level_from_the_default_rule(
        self,
        client: httpx.AsyncClient,
        tree: CommunityTree,
        staff: dict[str, str],
        answers: dict[str, bool],
        level: str,
    ) -> None:
        await start_round(client, staff)
        response = await screen(client, staff, tree.household_ids[0], **answers)
        assert response.status_code == 201, response.text
        assert response.json()["risk_level"] == level

    async def test_the_community_adjusts_its_rule(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        await start_round(client, staff)
        rule_url = f"{S}/rules/{tree.community_id}"
        assert (await client.get(rule_url, headers=staff)).json()["outbreak_travel_level"] == (
            "medium"
        )
        change = {"symptoms_level": "high", "case_contact_level": "high"}
        change["outbreak_travel_level"] = "high"
        updated = await client.put(rule_url, headers=staff, json=change)
        assert updated.status_code == 200, updated.text
        response = await screen(client, staff, tree.household_ids[0], outbreak_travel=True)
        assert response.json()["risk_level"] == "high"
        bad = await client.put(rule_url, headers=staff, json=change | {"symptoms_level": "x"})
        assert bad.status_code == 422

    async def test_a_retry_returns_the_first_form(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        await start_round(client, staff)
        client_id = str(uuid.uuid4())
        first = await screen(client, staff, tree.household_ids[0], client_id=client_id)
        again = await screen(client, staff, tree.household_ids[0], client_id=client_id)
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["id"] == first.json()["id"]
        other = await screen(client, staff, tree.household_ids[1], client_id=client_id)
        assert other.status_code == 422
        assert (await client.get(S, headers=staff)).json()["total"] == 1

    @pytest.mark.parametrize(
        ("outcome", "fields"),
        [
            ("reached", {"symptoms": None}),
            ("not_reached", {"symptoms": False}),
            ("reached", {"method": "fax"}),
            ("maybe", {}),
        ],
    )
    async def test_bad_forms_are_refused(
        self,
        client: httpx.AsyncClient,
        tree: CommunityTree,
        staff: dict[str, str],
        outcome: str,
        fields: dict[str, Any],
    ) -> None:
        await start_round(client, staff)
        response = await screen(client, staff, tree.household_ids[0], outcome, **fields)
        assert response.status_code == 422, response.text
        assert (await client.get(S, headers=staff)).json()["total"] == 0

    async def test_list_filters_by_risk_level(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        await start_round(client, staff)
        await screen(client, staff, tree.household_ids[0], symptoms=True)
        await screen(client, staff, tree.household_ids[1])
        high = (await client.get(S, headers=staff, params={"risk_level": "high"})).json()
        assert [s["household_id"] for s in high["items"]] == [str(tree.household_ids[0])]
        assert high["items"][0]["address"] == "东苑 1栋 1单元 101"


class TestRolesAndScope:
    async def test_grid_worker_only_in_their_buildings(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        await start_round(client, staff)
        mine = await grid_worker(client, stack, tree.community_id, [tree.building_id])
        elsewhere = await grid_worker(
            client, stack, tree.community_id, [await other_building(stack, tree)]
        )
        assert len(await work_list_ids(client, mine)) == 3
        assert await work_list_ids(client, elsewhere) == []
        assert (await screen(client, mine, tree.household_ids[0])).status_code == 201
        refused = await screen(client, elsewhere, tree.household_ids[1])
        assert refused.status_code == 404
        assert (await client.get(S, headers=elsewhere)).json()["total"] == 0
        assert (await client.get(S, headers=mine)).json()["total"] == 1
        # grid workers screen; only staff start rounds and set the rule
        assert (await start_round(client, mine)).status_code == 403

    async def test_another_community_is_not_found(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        other = await make_community(stack, name="别的社区", households=1)
        other_staff = await headers_for(client, stack, "staff", [other.community_id])
        await start_round(client, other_staff)
        assert (await screen(client, staff, other.household_ids[0])).status_code == 404
        rule = await client.get(f"{S}/rules/{other.community_id}", headers=staff)
        assert rule.status_code == 404

    @pytest.mark.parametrize("role", ["gate_volunteer", "officer"])
    async def test_gate_volunteers_and_officers_are_refused(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, role: str
    ) -> None:
        headers = await headers_for(client, stack, role, [tree.community_id])
        assert (await client.get(f"{S}/work-list", headers=headers)).status_code == 403
        assert (await screen(client, headers, tree.household_ids[0])).status_code == 403
        assert (await client.get(S, headers=headers)).status_code == 403
