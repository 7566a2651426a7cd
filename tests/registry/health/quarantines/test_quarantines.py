"""Quarantine orders through the gateway: household status, events, history, rules, roles."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import httpx
import pytest

from tests.builders import CommunityTree, headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import (
    add_member,
    grid_worker,
    member_ids,
    outbox_events,
    quarantine_order,
    start_quarantine,
    today,
)

Q = "/api/v1/quarantines"


@pytest.fixture
async def tree(stack: Stack) -> CommunityTree:
    return await make_community(stack, households=3)


@pytest.fixture
async def staff(client: httpx.AsyncClient, stack: Stack, tree: CommunityTree) -> dict[str, str]:
    return await headers_for(client, stack, "staff", [tree.community_id])


async def household_status(
    client: httpx.AsyncClient, staff: dict[str, str], household_id: uuid.UUID
) -> str:
    response = await client.get(f"/api/v1/households/{household_id}", headers=staff)
    assert response.status_code == 200, response.text
    status: str = response.json()["status"]
    return status


class TestStartQuarantine:
    async def test_household_home_quarantine_sets_status_and_publishes(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        household = tree.household_ids[0]
        response = await start_quarantine(client, staff, household)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["status"] == "active"
        assert body["kind"] == "home"
        assert body["person_id"] is None
        assert body["start_date"] == today().isoformat()
        assert body["planned_end_date"] == (today() + timedelta(days=14)).isoformat()
        assert [p["name"] for p in body["people"]] == ["张0"]
        assert body["address"] == "东苑 1栋 1单元 101"
        assert await household_status(client, staff, household) == "home_quarantine"

        events = await outbox_events(stack)
        assert [e["topic"] for e in events] == ["household.quarantined"]
        assert events[0]["key"] == str(household)
        assert events[0]["payload"] == {
            "household_id": str(household),
            "community_id": str(tree.community_id),
            "status": "home_quarantine",
            "quarantine_end_date": body["planned_end_date"],
        }

    async def test_a_retry_returns_the_first_record(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        body = quarantine_order(tree.household_ids[0])
        first = await client.post(Q, headers=staff, json=body)
        again = await client.post(Q, headers=staff, json=body)
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["id"] == first.json()["id"]
        listed = await client.get(Q, headers=staff)
        assert listed.json()["total"] == 1
        assert len(await outbox_events(stack)) == 1

    async def test_simultaneous_retries_make_one_quarantine(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        body = quarantine_order(tree.household_ids[0])
        posts = (client.post(Q, headers=staff, json=body) for _ in range(3))
        responses = await asyncio.gather(*posts)
        assert sorted(r.status_code for r in responses) == [200, 200, 201]
        assert len({r.json()["id"] for r in responses}) == 1
        assert len(await outbox_events(stack)) == 1

    async def test_a_client_id_is_not_reused_for_another_household(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        client_id = str(uuid.uuid4())
        ok = await client.post(
            Q,
            headers=staff,
            json=quarantine_order(tree.household_ids[0], client_id=client_id),
        )
        assert ok.status_code == 201
        reused = await client.post(
            Q,
            headers=staff,
            json=quarantine_order(tree.household_ids[1], client_id=client_id),
        )
        assert reused.status_code == 422
        assert reused.json()["type"] == "/problems/client-id-reused"

    async def test_one_active_quarantine_per_subject(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        household = tree.household_ids[0]
        person = (await member_ids(stack, household))[0]
        assert (
            await start_quarantine(client, staff, household, person_id=str(person))
        ).status_code == 201
        again = await start_quarantine(client, staff, household, person_id=str(person))
        assert again.status_code == 409
        assert again.json()["type"] == "/problems/already-in-quarantine"
        # the whole household may still be put under quarantine; then no member alone
        assert (await start_quarantine(client, staff, household)).status_code == 201
        other = await add_member(stack, household, "李四")
        covered = await start_quarantine(client, staff, household, person_id=str(other))
        assert covered.status_code == 409
        assert (await start_quarantine(client, staff, household)).status_code == 409

    async def test_person_must_belong_to_the_household(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        stranger = (await member_ids(stack, tree.household_ids[1]))[0]
        response = await start_quarantine(
            client, staff, tree.household_ids[0], person_id=str(stranger)
        )
        assert response.status_code == 404
        assert response.json()["type"] == "/problems/quarantine-subject-not-found"

    async def test_another_community_household_is_missing(
        self, client: httpx.AsyncClient, stack: Stack, staff: dict[str, str]
    ) -> None:
        elsewhere = await make_community(stack, name="别的社区", households=1)
        response = await start_quarantine(client, staff, elsewhere.household_ids[0])
        assert response.status_code == 404
        assert await outbox_events(stack) == []

    @pytest.mark.parametrize(
        ("start", "end", "problem"),
        [
            (0, -1, "invalid-quarantine-dates"),
            (0, 91, "invalid-quarantine-dates"),
            (31, 40, "invalid-quarantine-dates"),
            (-61, -50, "invalid-quarantine-dates"),
        ],
    )
    async def test_bad_dates_are_refused_and_change_nothing(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        start: int,
        end: int,
        problem: str,
    ) -> None:
        response = await start_quarantine(
            client,
            staff,
            tree.household_ids[0],
            start_date=(today() + timedelta(days=start)).isoformat(),
            planned_end_date=(today() + timedelta(days=end)).isoformat(),
        )
        assert response.status_code == 422
        assert response.json()["type"] == f"/problems/{problem}"
        assert await household_status(client, staff, tree.household_ids[0]) == "normal"
        assert await outbox_events(stack) == []

    async def test_malformed_body_is_422(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        for body in (
            {"household_id": str(tree.household_ids[0])},
            {"client_id": "nope", "household_id": str(tree.household_ids[0])},
            {
                "client_id": str(uuid.uuid4()),
                "household_id": str(tree.household_ids[0]),
                "kind": "hotel",
            },
            {
                "client_id": str(uuid.uuid4()),
                "household_id": str(tree.household_ids[0]),
                "status": "released",
            },
        ):
            assert (await client.post(Q, headers=staff, json=body)).status_code == 422

    async def test_centralized_quarantine_leaves_the_door_alone(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        response = await start_quarantine(
            client,
            staff,
            tree.household_ids[0],
            person_id=str(person),
            kind="centralized",
            place="城东宾馆",
        )
        assert response.status_code == 201
        assert response.json()["place"] == "城东宾馆"
        assert await household_status(client, staff, tree.household_ids[0]) == "normal"
        assert await outbox_events(stack) == []


class TestEndDateChanges:
    async def test_extend_and_shorten_keep_history_and_publish(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        created = (await start_quarantine(client, staff, tree.household_ids[0])).json()
        path = f"{Q}/{created['id']}/end-date-changes"
        later = today() + timedelta(days=21)
        extended = await client.post(
            path,
            headers=staff,
            json={
                "planned_end_date": later.isoformat(),
                "reason_code": "new_exposure",
                "reason": "密接者复阳",
            },
        )
        assert extended.status_code == 200, extended.text
        sooner = today() + timedelta(days=7)
        shortened = await client.post(
            path,
            headers=staff,
            json={
                "planned_end_date": sooner.isoformat(),
                "reason_code": "negative_results",
                "reason": "核酸阴性",
            },
        )
        body = shortened.json()
        assert body["planned_end_date"] == sooner.isoformat()
        assert [(c["planned_end_date"], c["reason"]) for c in body["changes"]] == [
            (later.isoformat(), "密接者复阳"),
            (sooner.isoformat(), "核酸阴性"),
        ]
        assert body["changes"][0]["previous_end_date"] == created["planned_end_date"]
        events = await outbox_events(stack)
        assert [e["payload"]["quarantine_end_date"] for e in events] == [
            created["planned_end_date"],
            later.isoformat(),
            sooner.isoformat(),
        ]
        assert {e["topic"] for e in events} == {"household.quarantined"}

    async def test_a_reason_and_a_sensible_date_are_required(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        created = (await start_quarantine(client, staff, tree.household_ids[0])).json()
        path = f"{Q}/{created['id']}/end-date-changes"
        soon = (today() + timedelta(days=3)).isoformat()
        assert (
            await client.post(path, headers=staff, json={"planned_end_date": soon})
        ).status_code == 422
        empty = {"planned_end_date": soon, "reason_code": "other", "reason": ""}
        assert (await client.post(path, headers=staff, json=empty)).status_code == 422
        past = {
            "planned_end_date": (today() - timedelta(days=1)).isoformat(),
            "reason_code": "negative_results",
        }
        response = await client.post(path, headers=staff, json=past)
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/invalid-quarantine-dates"
        detail = await client.get(f"{Q}/{created['id']}", headers=staff)
        assert detail.json()["changes"] == []


class TestRelease:
    async def test_release_returns_the_household_to_normal_once(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        household = tree.household_ids[0]
        created = (await start_quarantine(client, staff, household)).json()
        released = await client.post(
            f"{Q}/{created['id']}/release",
            headers=staff,
            json={"reason_code": "negative_results", "note": "检测阴性"},
        )
        assert released.status_code == 200
        body = released.json()
        assert body["status"] == "released"
        assert body["release_note"] == "检测阴性"
        assert body["released_at"] is not None
        assert await household_status(client, staff, household) == "normal"
        again = await client.post(
            f"{Q}/{created['id']}/release", headers=staff, json={"reason_code": "negative_results"}
        )
        assert again.status_code == 409
        events = await outbox_events(stack)
        assert [e["topic"] for e in events] == ["household.quarantined", "household.released"]
        assert events[1]["payload"]["status"] == "normal"
        assert events[1]["payload"]["quarantine_end_date"] is None

    async def test_household_stays_quarantined_until_its_last_home_quarantine_ends(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        household = tree.household_ids[0]
        first = (await member_ids(stack, household))[0]
        second = await add_member(stack, household, "李四")
        a = (await start_quarantine(client, staff, household, person_id=str(first))).json()
        b = (
            await start_quarantine(
                client,
                staff,
                household,
                person_id=str(second),
                planned_end_date=(today() + timedelta(days=20)).isoformat(),
            )
        ).json()
        await client.post(
            f"{Q}/{a['id']}/release", headers=staff, json={"reason_code": "negative_results"}
        )
        assert await household_status(client, staff, household) == "home_quarantine"
        await client.post(
            f"{Q}/{b['id']}/release", headers=staff, json={"reason_code": "negative_results"}
        )
        assert await household_status(client, staff, household) == "normal"
        events = await outbox_events(stack)
        assert [(e["topic"], e["payload"]["quarantine_end_date"]) for e in events] == [
            ("household.quarantined", a["planned_end_date"]),
            ("household.quarantined", b["planned_end_date"]),  # the end moved later
            ("household.released", None),
        ]

    async def test_a_released_quarantine_cannot_be_changed(
        self, client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        created = (await start_quarantine(client, staff, tree.household_ids[0])).json()
        await client.post(
            f"{Q}/{created['id']}/release", headers=staff, json={"reason_code": "negative_results"}
        )
        change = {
            "planned_end_date": (today() + timedelta(days=3)).isoformat(),
            "reason_code": "negative_results",
        }
        response = await client.post(
            f"{Q}/{created['id']}/end-date-changes", headers=staff, json=change
        )
        assert response.status_code == 409


class TestReading:
    async def test_list_filters_and_scopes(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        a = (await start_quarantine(client, staff, tree.household_ids[0])).json()
        b = (await start_quarantine(client, staff, tree.household_ids[1])).json()
        await client.post(
            f"{Q}/{b['id']}/release", headers=staff, json={"reason_code": "negative_results"}
        )
        active = await client.get(Q, headers=staff, params={"status": "active"})
        assert [q["id"] for q in active.json()["items"]] == [a["id"]]
        by_household = await client.get(
            Q, headers=staff, params={"household_id": str(tree.household_ids[1])}
        )
        assert [q["id"] for q in by_household.json()["items"]] == [b["id"]]
        elsewhere = await make_community(stack, name="别的社区", households=1)
        outsider = await headers_for(client, stack, "staff", [elsewhere.community_id])
        assert (await client.get(Q, headers=outsider)).json()["total"] == 0
        assert (await client.get(f"{Q}/{a['id']}", headers=outsider)).status_code == 404

    async def test_grid_worker_sees_only_assigned_buildings(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        a = (await start_quarantine(client, staff, tree.household_ids[0])).json()
        assigned = await grid_worker(client, stack, tree.community_id, [tree.building_id])
        unassigned = await grid_worker(client, stack, tree.community_id, [])
        assert (await client.get(f"{Q}/{a['id']}", headers=assigned)).status_code == 200
        assert (await client.get(Q, headers=assigned)).json()["total"] == 1
        assert (await client.get(f"{Q}/{a['id']}", headers=unassigned)).status_code == 404
        assert (await client.get(Q, headers=unassigned)).json()["total"] == 0
        # grid workers follow up; they do not order quarantines
        refused = await start_quarantine(client, assigned, tree.household_ids[1])
        assert refused.status_code == 403

    @pytest.mark.parametrize("role", ["gate_volunteer", "officer", "resident"])
    async def test_other_roles_see_nothing(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, role: str
    ) -> None:
        if role == "resident":
            return  # residents are covered by the route × role matrix
        headers = await headers_for(client, stack, role, [tree.community_id])
        assert (await client.get(Q, headers=headers)).status_code == 403
        response = await start_quarantine(client, headers, tree.household_ids[0])
        assert response.status_code == 403
