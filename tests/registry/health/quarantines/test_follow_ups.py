"""Twice-daily follow-ups through the gateway: validation, retries, the due list, referrals."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.builders import CommunityTree, headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import (
    add_member,
    grid_worker,
    last_morning,
    member_ids,
    start_quarantine,
)

F = "/api/v1/follow-ups"


@pytest.fixture
async def tree(stack: Stack) -> CommunityTree:
    return await make_community(stack, households=2)


@pytest.fixture
async def staff(client: httpx.AsyncClient, stack: Stack, tree: CommunityTree) -> dict[str, str]:
    return await headers_for(client, stack, "staff", [tree.community_id])


@pytest.fixture
async def grid(client: httpx.AsyncClient, stack: Stack, tree: CommunityTree) -> dict[str, str]:
    return await grid_worker(client, stack, tree.community_id, [tree.building_id])


@pytest.fixture
async def quarantine(
    client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
) -> dict[str, Any]:
    """A household quarantine that began on the day of `last_morning()`."""
    response = await start_quarantine(
        client, staff, tree.household_ids[0], start_date=last_morning().date().isoformat()
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def check(quarantine: dict[str, Any], person_id: uuid.UUID | str, **fields: Any) -> dict[str, Any]:
    return {
        "client_id": str(uuid.uuid4()),
        "quarantine_id": quarantine["id"],
        "person_id": str(person_id),
        "temperature": 36.6,
        **fields,
    }


class TestRecordFollowUp:
    async def test_grid_worker_records_a_check_once(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        grid: dict[str, str],
        quarantine: dict[str, Any],
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        morning = last_morning()
        body = check(
            quarantine,
            person,
            temperature=36.64,
            symptoms=["cough", "fatigue", "cough"],
            checked_at=morning.isoformat(),
        )
        first = await client.post(F, headers=grid, json=body)
        assert first.status_code == 201, first.text
        recorded = first.json()
        assert recorded["temperature"] == pytest.approx(36.6)
        assert recorded["symptoms"] == ["cough", "fatigue"]
        assert recorded["period"] == "morning"
        assert recorded["local_date"] == morning.date().isoformat()
        assert recorded["fever"] is False
        assert recorded["referral_id"] is None
        again = await client.post(F, headers=grid, json=body)
        assert again.status_code == 200
        assert again.json()["id"] == recorded["id"]
        listed = await client.get(F, headers=grid, params={"quarantine_id": quarantine["id"]})
        assert listed.json()["total"] == 1

    async def test_simultaneous_retries_record_once(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        grid: dict[str, str],
        quarantine: dict[str, Any],
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        body = check(quarantine, person, temperature=38.5)
        responses = await asyncio.gather(
            *(client.post(F, headers=grid, json=body) for _ in range(3))
        )
        assert sorted(r.status_code for r in responses) == [200, 200, 201]
        assert len({r.json()["id"] for r in responses}) == 1
        assert (await client.get(F, headers=grid)).json()["total"] == 1
        assert (await client.get("/api/v1/referrals", headers=grid)).json()["total"] == 1

    async def test_evening_is_after_noon_local_time(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        quarantine: dict[str, Any],
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        # 04:30 UTC is 12:30 in Shanghai
        morning = last_morning()
        noon_utc = morning.astimezone(UTC).replace(hour=4, minute=30)
        if noon_utc > datetime.now(UTC):
            noon_utc -= timedelta(days=1)
        response = await client.post(
            F, headers=staff, json=check(quarantine, person, checked_at=noon_utc.isoformat())
        )
        assert response.status_code in (201, 409, 422), response.text
        if response.status_code == 201:
            assert response.json()["period"] == "evening"

    @pytest.mark.parametrize(
        "fields",
        [
            {"temperature": 29.9},
            {"temperature": 45.1},
            {"temperature": "hot"},
            {"symptoms": ["sneezing"]},
            {"checked_at": "2026-01-01T08:00:00"},  # no time zone
            {"note": "free text is not collected"},
        ],
    )
    async def test_bad_input_is_422_and_records_nothing(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        grid: dict[str, str],
        quarantine: dict[str, Any],
        fields: dict[str, Any],
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        response = await client.post(F, headers=grid, json=check(quarantine, person, **fields))
        assert response.status_code == 422
        assert (await client.get(F, headers=grid)).json()["total"] == 0

    async def test_check_time_must_be_recent_and_not_ahead(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        grid: dict[str, str],
        quarantine: dict[str, Any],
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        for when in (datetime.now(UTC) + timedelta(hours=1), datetime.now(UTC) - timedelta(days=3)):
            response = await client.post(
                F, headers=grid, json=check(quarantine, person, checked_at=when.isoformat())
            )
            assert response.status_code == 422
            assert response.json()["type"] == "/problems/invalid-check-time"

    async def test_only_people_the_quarantine_covers(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        grid: dict[str, str],
        quarantine: dict[str, Any],
    ) -> None:
        neighbour = (await member_ids(stack, tree.household_ids[1]))[0]
        response = await client.post(F, headers=grid, json=check(quarantine, neighbour))
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/person-not-in-quarantine"

    async def test_released_quarantine_needs_no_follow_up(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        grid: dict[str, str],
        quarantine: dict[str, Any],
    ) -> None:
        await client.post(
            f"/api/v1/quarantines/{quarantine['id']}/release",
            headers=staff,
            json={"reason_code": "negative_results"},
        )
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        response = await client.post(F, headers=grid, json=check(quarantine, person))
        assert response.status_code == 409

    async def test_outside_the_grid_workers_buildings_is_missing(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        quarantine: dict[str, Any],
    ) -> None:
        other_grid = await grid_worker(client, stack, tree.community_id, [])
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        response = await client.post(F, headers=other_grid, json=check(quarantine, person))
        assert response.status_code == 404
        assert (await client.get(F, headers=other_grid)).json()["total"] == 0

    @pytest.mark.parametrize("role", ["gate_volunteer", "officer"])
    async def test_gate_volunteers_and_officers_are_refused(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        quarantine: dict[str, Any],
        role: str,
    ) -> None:
        headers = await headers_for(client, stack, role, [tree.community_id])
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        refused = await client.post(F, headers=headers, json=check(quarantine, person))
        assert refused.status_code == 403
        assert (await client.get(f"{F}/due", headers=headers)).status_code == 403
        assert (await client.get("/api/v1/referrals", headers=headers)).status_code == 403


class TestDueList:
    async def test_who_has_not_been_checked_this_morning(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        grid: dict[str, str],
        quarantine: dict[str, Any],
    ) -> None:
        household = tree.household_ids[0]
        spouse = await add_member(stack, household, "李四")
        head = (await member_ids(stack, household))[0]
        morning = last_morning()
        params = {"local_date": morning.date().isoformat(), "period": "morning"}
        due = (await client.get(f"{F}/due", headers=grid, params=params)).json()
        assert {i["person_name"] for i in due["items"]} == {"张0", "李四"}
        assert due["period"] == "morning"
        done = check(quarantine, head, checked_at=morning.isoformat())
        assert (await client.post(F, headers=grid, json=done)).status_code == 201
        due = (await client.get(f"{F}/due", headers=grid, params=params)).json()
        assert [(i["person_id"], i["address"]) for i in due["items"]] == [
            (str(spouse), "东苑 1栋 1单元 101")
        ]
        assert due["total"] == 1
        evening = (
            await client.get(f"{F}/due", headers=grid, params={**params, "period": "evening"})
        ).json()
        assert evening["total"] == 2

    async def test_a_member_with_a_quarantine_of_their_own_is_listed_once(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
    ) -> None:
        household = tree.household_ids[0]
        head = (await member_ids(stack, household))[0]
        day = last_morning().date().isoformat()
        await start_quarantine(client, staff, household, person_id=str(head), start_date=day)
        await start_quarantine(client, staff, household, start_date=day)
        due = (
            await client.get(
                f"{F}/due", headers=staff, params={"local_date": day, "period": "morning"}
            )
        ).json()
        assert due["total"] == 1

    async def test_defaults_to_the_callers_community_and_current_period(
        self,
        client: httpx.AsyncClient,
        grid: dict[str, str],
        quarantine: dict[str, Any],
    ) -> None:
        response = await client.get(f"{F}/due", headers=grid)
        assert response.status_code == 200
        assert response.json()["period"] in ("morning", "evening")

    async def test_scoped_to_the_callers_area(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        quarantine: dict[str, Any],
    ) -> None:
        other_grid = await grid_worker(client, stack, tree.community_id, [])
        assert (await client.get(f"{F}/due", headers=other_grid)).json()["total"] == 0
        elsewhere = await make_community(stack, name="别的社区", households=1)
        outsider = await headers_for(client, stack, "staff", [elsewhere.community_id])
        params = {"community_id": str(tree.community_id)}
        assert (await client.get(f"{F}/due", headers=outsider, params=params)).status_code == 404
        admin = await headers_for(client, stack, "admin", [])
        assert (await client.get(f"{F}/due", headers=admin)).status_code == 422


class TestReferrals:
    async def test_fever_opens_a_referral_that_staff_close(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        grid: dict[str, str],
        quarantine: dict[str, Any],
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        normal = await client.post(
            F, headers=grid, json=check(quarantine, person, temperature=37.2)
        )
        assert normal.json()["referral_id"] is None
        fever = await client.post(F, headers=grid, json=check(quarantine, person, temperature=37.3))
        assert fever.status_code == 201
        assert fever.json()["fever"] is True
        referral_id = fever.json()["referral_id"]
        assert referral_id is not None
        # a second feverish check joins the open referral
        again = await client.post(F, headers=grid, json=check(quarantine, person, temperature=38.1))
        assert again.json()["referral_id"] == referral_id

        listed = (await client.get("/api/v1/referrals", headers=staff)).json()
        assert [r["id"] for r in listed["items"]] == [referral_id]
        item = listed["items"][0]
        assert (item["person_name"], item["temperature"], item["status"]) == ("张0", 37.3, "open")
        assert (await client.get("/api/v1/referrals", headers=grid)).json()["total"] == 1

        close = f"/api/v1/referrals/{referral_id}/close"
        by_grid = await client.post(close, headers=grid, json={"outcome": "ruled_out"})
        assert by_grid.status_code == 403
        unknown = await client.post(close, headers=staff, json={"outcome": "cured"})
        assert unknown.status_code == 422
        closed = await client.post(
            close, headers=staff, json={"outcome": "ruled_out", "note": "核酸阴性"}
        )
        assert closed.status_code == 200
        assert (closed.json()["status"], closed.json()["outcome"]) == ("closed", "ruled_out")
        twice = await client.post(close, headers=staff, json={"outcome": "other"})
        assert twice.status_code == 409
        assert (await client.get("/api/v1/referrals", headers=staff)).json()["total"] == 0
        done = await client.get("/api/v1/referrals", headers=staff, params={"status": "closed"})
        assert done.json()["total"] == 1
        # after closing, a new fever opens a new referral
        later = await client.post(F, headers=grid, json=check(quarantine, person, temperature=38.0))
        assert later.json()["referral_id"] not in (None, referral_id)

    async def test_threshold_follows_the_community_gate_rule(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        grid: dict[str, str],
        quarantine: dict[str, Any],
    ) -> None:
        from registry.access.gate_rules.models import GateRule

        async with stack.registry.state.sessionmaker() as session:
            session.add(GateRule(community_id=tree.community_id, fever_threshold=37.5))
            await session.commit()
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        below = await client.post(F, headers=grid, json=check(quarantine, person, temperature=37.4))
        assert below.json()["referral_id"] is None
        at = await client.post(F, headers=grid, json=check(quarantine, person, temperature=37.5))
        assert at.json()["referral_id"] is not None

    async def test_another_communitys_referral_is_missing(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        grid: dict[str, str],
        quarantine: dict[str, Any],
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        fever = await client.post(F, headers=grid, json=check(quarantine, person, temperature=39.0))
        referral_id = fever.json()["referral_id"]
        elsewhere = await make_community(stack, name="别的社区", households=1)
        outsider = await headers_for(client, stack, "staff", [elsewhere.community_id])
        close = f"/api/v1/referrals/{referral_id}/close"
        response = await client.post(close, headers=outsider, json={"outcome": "other"})
        assert response.status_code == 404
        assert (await client.get("/api/v1/referrals", headers=outsider)).json()["total"] == 0
