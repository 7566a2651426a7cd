"""Self-reports from the household card through the gateway: for any member of one's own
household only, bad values refused, retries, referrals on a fever or a positive antigen, the due
list of follow-ups when the community lets reports replace calls, and staff's view."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.builders import CommunityTree, headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import (
    add_member,
    grid_worker,
    member_ids,
    start_quarantine,
    today,
)
from tests.supplies.builders import resident_headers

S = "/api/v1/self-reports"
DUE = "/api/v1/follow-ups/due"


@pytest.fixture
async def tree(stack: Stack) -> CommunityTree:
    return await make_community(stack, households=2)


@pytest.fixture
async def staff(client: httpx.AsyncClient, stack: Stack, tree: CommunityTree) -> dict[str, str]:
    return await headers_for(client, stack, "staff", [tree.community_id])


@pytest.fixture
async def resident(
    client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
) -> dict[str, str]:
    return await resident_headers(client, staff, tree.household_ids[0])


def report(person_id: uuid.UUID | str, **fields: Any) -> dict[str, Any]:
    return {"client_id": str(uuid.uuid4()), "person_id": str(person_id), **fields}


async def quarantined(
    client: httpx.AsyncClient, staff: dict[str, str], household_id: uuid.UUID
) -> dict[str, Any]:
    response = await start_quarantine(client, staff, household_id)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def allow_replacing_calls(
    client: httpx.AsyncClient, headers: dict[str, str], community_id: uuid.UUID
) -> httpx.Response:
    return await client.put(
        f"/api/v1/quarantine-rules/{community_id}",
        headers=headers,
        json={"self_reports_replace_calls": True},
    )


class TestRecordSelfReport:
    async def test_a_member_reports_for_another_without_a_phone_once(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        resident: dict[str, str],
    ) -> None:
        grandma = await add_member(stack, tree.household_ids[0], "王奶奶")
        body = report(grandma, temperature=36.64, symptoms=["cough", "cough", "fatigue"])
        first = await client.post(S, headers=resident, json=body)
        assert first.status_code == 201, first.text
        recorded = first.json()
        assert recorded["person_name"] == "王奶奶"
        assert recorded["temperature"] == pytest.approx(36.6)
        assert recorded["symptoms"] == ["cough", "fatigue"]
        assert recorded["local_date"] == today().isoformat()
        assert (recorded["fever"], recorded["referral_id"], recorded["replaces_call"]) == (
            False,
            None,
            False,
        )
        again = await client.post(S, headers=resident, json=body)
        assert again.status_code == 200
        assert again.json()["id"] == recorded["id"]
        listed = await client.get(
            S, headers=staff, params={"household_id": str(tree.household_ids[0])}
        )
        assert [r["id"] for r in listed.json()["items"]] == [recorded["id"]]

    async def test_an_antigen_result_with_its_lot(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, resident: dict[str, str]
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        body = report(person, antigen_result="negative", antigen_lot="AG2022-0412")
        response = await client.post(S, headers=resident, json=body)
        assert response.status_code == 201, response.text
        assert response.json()["antigen_lot"] == "AG2022-0412"
        assert response.json()["temperature"] is None

    @pytest.mark.parametrize(
        "fields",
        [
            {"temperature": 33.9},
            {"temperature": 43.1},
            {},
            {"antigen_result": "positive"},
            {"antigen_lot": "AG1"},
            {"antigen_result": "positive", "antigen_lot": "<script>"},
            {"temperature": 36.5, "symptoms": ["headache-ish"]},
            {"temperature": 36.5, "reported_by": "someone"},
        ],
    )
    async def test_bad_reports_are_refused_and_change_nothing(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        resident: dict[str, str],
        fields: dict[str, Any],
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        response = await client.post(S, headers=resident, json=report(person, **fields))
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert (await client.get(S, headers=staff)).json()["total"] == 0

    async def test_another_households_person_is_not_found(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        resident: dict[str, str],
    ) -> None:
        neighbour = (await member_ids(stack, tree.household_ids[1]))[0]
        response = await client.post(S, headers=resident, json=report(neighbour, temperature=36.5))
        assert response.status_code == 404
        assert response.json()["type"] == "/problems/self-report-person-not-found"
        other = await client.get(f"{S}/households/{tree.household_ids[1]}/today", headers=resident)
        assert other.status_code == 404
        assert (await client.get(S, headers=staff)).json()["total"] == 0

    async def test_a_client_id_of_another_households_report_is_refused(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        resident: dict[str, str],
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        body = report(person, temperature=36.5)
        assert (await client.post(S, headers=resident, json=body)).status_code == 201
        neighbour = await resident_headers(client, staff, tree.household_ids[1])
        theirs = (await member_ids(stack, tree.household_ids[1]))[0]
        reused = {**body, "person_id": str(theirs)}
        response = await client.post(S, headers=neighbour, json=reused)
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/client-id-reused"
        assert (await client.get(S, headers=staff)).json()["total"] == 1

    async def test_staff_do_not_report_for_residents(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        response = await client.post(S, headers=staff, json=report(person, temperature=36.5))
        assert response.status_code == 403


class TestReferrals:
    async def test_a_fever_opens_a_referral_as_a_follow_up_would(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        resident: dict[str, str],
    ) -> None:
        quarantine = await quarantined(client, staff, tree.household_ids[0])
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        response = await client.post(S, headers=resident, json=report(person, temperature=38.2))
        assert response.status_code == 201, response.text
        recorded = response.json()
        assert recorded["fever"] is True
        assert recorded["quarantine_id"] == quarantine["id"]
        referrals = (await client.get("/api/v1/referrals", headers=staff)).json()["items"]
        assert len(referrals) == 1
        referral = referrals[0]
        assert referral["id"] == recorded["referral_id"]
        assert (referral["source"], referral["self_report_id"]) == ("self_report", recorded["id"])
        assert referral["temperature"] == pytest.approx(38.2)
        assert referral["person_id"] == str(person)
        # a second feverish report joins the open referral
        again = await client.post(S, headers=resident, json=report(person, temperature=38.5))
        assert again.json()["referral_id"] == referral["id"]
        assert (await client.get("/api/v1/referrals", headers=staff)).json()["total"] == 1

    async def test_a_positive_antigen_opens_a_referral_without_a_temperature(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        resident: dict[str, str],
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        body = report(person, antigen_result="positive", antigen_lot="AG-7")
        recorded = (await client.post(S, headers=resident, json=body)).json()
        assert recorded["referral_id"] is not None
        referral = (await client.get("/api/v1/referrals", headers=staff)).json()["items"][0]
        assert (referral["source"], referral["temperature"]) == ("self_report", None)

    async def test_a_normal_temperature_opens_none(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        resident: dict[str, str],
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        body = report(person, temperature=37.2, antigen_result="negative", antigen_lot="AG-7")
        assert (await client.post(S, headers=resident, json=body)).json()["referral_id"] is None
        assert (await client.get("/api/v1/referrals", headers=staff)).json()["total"] == 0


class TestReplacingCalls:
    async def test_a_report_replaces_the_call_only_when_the_community_allows_it(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        resident: dict[str, str],
    ) -> None:
        await quarantined(client, staff, tree.household_ids[0])
        head = (await member_ids(stack, tree.household_ids[0]))[0]
        child = await add_member(stack, tree.household_ids[0], "小明")
        recorded = (
            await client.post(S, headers=resident, json=report(head, temperature=36.5))
        ).json()
        assert recorded["replaces_call"] is False
        due = (await client.get(DUE, headers=staff)).json()
        assert {i["person_id"] for i in due["items"]} == {str(head), str(child)}

        rule = await allow_replacing_calls(client, staff, tree.community_id)
        assert rule.status_code == 200, rule.text
        assert rule.json()["self_reports_replace_calls"] is True
        assert rule.json()["default_days"] == 14  # left as it was
        due = (await client.get(DUE, headers=staff)).json()
        assert [i["person_id"] for i in due["items"]] == [str(child)]  # the other is still due
        assert due["period"] == recorded["period"]
        listed = (await client.get(S, headers=staff)).json()["items"]
        assert listed[0]["replaces_call"] is True
        today_view = await client.get(
            f"{S}/households/{tree.household_ids[0]}/today", headers=resident
        )
        assert today_view.status_code == 200
        members = {m["person_id"]: m for m in today_view.json()["members"]}
        assert today_view.json()["replaces_calls"] is True
        assert members[str(head)]["reported"] is True
        assert members[str(child)]["reported"] is False
        assert members[str(child)]["in_quarantine"] is True

    async def test_only_staff_change_the_rule(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, resident: dict[str, str]
    ) -> None:
        grid = await grid_worker(client, stack, tree.community_id, [tree.building_id])
        for headers in (grid, resident):
            response = await allow_replacing_calls(client, headers, tree.community_id)
            assert response.status_code == 403


class TestStaffView:
    async def test_a_grid_worker_sees_only_their_buildings_reports(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        resident: dict[str, str],
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        await client.post(S, headers=resident, json=report(person, temperature=36.5))
        mine = await grid_worker(client, stack, tree.community_id, [tree.building_id])
        elsewhere = await grid_worker(client, stack, tree.community_id, [])
        assert (await client.get(S, headers=mine)).json()["total"] == 1
        assert (await client.get(S, headers=elsewhere)).json()["total"] == 0
        path = f"{S}/households/{tree.household_ids[0]}/today"
        assert (await client.get(path, headers=elsewhere)).status_code == 404

    async def test_another_communitys_staff_see_nothing(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, resident: dict[str, str]
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        await client.post(S, headers=resident, json=report(person, temperature=36.5))
        other = await make_community(stack, name="桃园社区", households=1)
        outsider = await headers_for(client, stack, "staff", [other.community_id])
        assert (await client.get(S, headers=outsider)).json()["total"] == 0
