"""Scheduled disinfection: occurrences computed from the schedules, matched to the records of the
same place, and the overdue list (through the gateway, and the service function the dashboard
calls, judged at chosen times)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from registry.operations.disinfections.service import (
    overdue_disinfection_count,
    overdue_disinfections,
)
from tests.conftest import Stack
from tests.registry.operations.tasks.builders import (
    SHANGHAI,
    Office,
    at,
    backdate_schedule,
    lift_record,
    local_today,
    make_office,
)


async def make_schedule(client: httpx.AsyncClient, office: Office, **body: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/disinfections/schedules", headers=office.staff, json=body)
    assert response.status_code == 201, response.text
    schedule: dict[str, Any] = response.json()
    return schedule


async def record(client: httpx.AsyncClient, office: Office, body: dict[str, Any]) -> str:
    response = await client.post("/api/v1/disinfections", headers=office.grid, json=body)
    assert response.status_code == 201, response.text
    record_id: str = response.json()["id"]
    return record_id


class TestOverdueDisinfections:
    async def test_lifts_twice_a_day_judged_through_the_day(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        """Yesterday's lift at 08:00 and 16:00: windows split at 12:00 and midnight."""
        office = await make_office(client, stack)
        day = local_today() - timedelta(days=1)
        lifts = await make_schedule(
            client,
            office,
            name="电梯",
            place_kind="lift",
            times=["08:00", "16:00"],
            all_buildings=True,
            grace_minutes=60,
        )
        await backdate_schedule(stack, lifts["id"], at(day, "00:00") - timedelta(days=1))
        building = office.tree.building_id
        morning = await record(client, office, lift_record(building, at(day, "11:50")))
        community = office.community_id

        async def overdue_at(clock: str, day_offset: int = 0) -> list[tuple[str, str]]:
            now = at(day + timedelta(days=day_offset), clock)
            since = at(day, "00:00")
            async with stack.registry.state.sessionmaker() as session:
                found = await overdue_disinfections(session, community, now, since)
            return [(o.due_at.astimezone(SHANGHAI).strftime("%H:%M"), o.state) for o in found]

        assert await overdue_at("08:30") == []  # due, within its grace
        assert await overdue_at("16:59") == []  # morning done at 11:50 (late, in its window)
        assert await overdue_at("17:00") == [("16:00", "overdue")]
        assert await overdue_at("01:00", day_offset=1) == [("16:00", "missed")]
        assert morning
        late = await record(client, office, lift_record(building, at(day, "17:30")))
        assert await overdue_at("17:00") == [("16:00", "overdue")]  # judged before it happened
        assert await overdue_at("18:00") == []
        async with stack.registry.state.sessionmaker() as session:
            assert await overdue_disinfection_count(session, community, at(day, "20:00")) == 0
        assert late

    async def test_a_record_counts_only_for_its_own_place(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        day = local_today() - timedelta(days=1)
        roads = await make_schedule(
            client,
            office,
            name="主干道",
            place_kind="main_road",
            times=["07:00", "19:00"],
            places=["东门主干道", "西门主干道"],
        )
        await backdate_schedule(stack, roads["id"], at(day, "00:00"))
        body = {
            "client_id": str(uuid.uuid4()),
            "place_kind": "main_road",
            "place": "东门主干道",
            "agent": "84消毒液",
            "concentration": "1:100",
            "done_at": at(day, "07:10").isoformat(),
        }
        await record(client, office, body)
        async with stack.registry.state.sessionmaker() as session:
            found = await overdue_disinfections(
                session, office.community_id, at(day, "09:00"), at(day, "00:00")
            )
        assert [(o.place, o.state) for o in found] == [("西门主干道", "overdue")]
        # 西门 done at 13:10: too late for 07:00 (its window closed at 13:00), early for 19:00
        west = {**body, "client_id": str(uuid.uuid4()), "place": "西门主干道"}
        await record(client, office, {**west, "done_at": at(day, "13:10").isoformat()})
        async with stack.registry.state.sessionmaker() as session:
            found = await overdue_disinfections(
                session, office.community_id, at(day, "20:30"), at(day, "00:00")
            )
        assert [(o.place, f"{o.due_at.astimezone(SHANGHAI):%H:%M}", o.state) for o in found] == [
            ("西门主干道", "07:00", "missed"),
            ("东门主干道", "19:00", "overdue"),
        ]

    async def test_nothing_is_due_before_the_schedule_began(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        await make_schedule(
            client,
            office,
            name="电梯",
            place_kind="lift",
            times=["00:00", "06:00", "12:00", "18:00"],
            all_buildings=True,
            grace_minutes=0,
        )
        overdue = await client.get("/api/v1/disinfections/overdue", headers=office.staff)
        assert overdue.status_code == 200
        assert overdue.json()["total"] == 0


class TestOverdueRoute:
    async def test_overdue_and_the_days_checklist(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        """A schedule due three hours ago (once a day, so its window is open for nine more)."""
        office = await make_office(client, stack)
        now = datetime.now(UTC)
        three_hours_ago = (now - timedelta(hours=3)).astimezone(SHANGHAI)
        clock = f"{three_hours_ago:%H:%M}"
        lifts = await make_schedule(
            client, office, name="电梯", place_kind="lift", times=[clock], all_buildings=True
        )
        roads = await make_schedule(
            client, office, name="主干道", place_kind="main_road", times=[clock], places=["主干道"]
        )
        for schedule in (lifts, roads):
            await backdate_schedule(stack, schedule["id"], now - timedelta(days=3))
        road = {
            "client_id": str(uuid.uuid4()),
            "place_kind": "main_road",
            "place": "主干道",
            "agent": "84消毒液",
            "concentration": "1:100",
        }
        road_id = await record(client, office, road)
        overdue = await client.get("/api/v1/disinfections/overdue", headers=office.grid)
        assert overdue.status_code == 200, overdue.text
        items = overdue.json()["items"]
        assert [(o["schedule_name"], o["state"], o["place"]) for o in items] == [
            ("电梯", "overdue", "东苑 1栋")
        ]
        assert items[0]["building_id"] == str(office.tree.building_id)
        day = three_hours_ago.date().isoformat()
        checklist = await client.get(
            "/api/v1/disinfections/occurrences", headers=office.volunteer, params={"day": day}
        )
        states = {
            (o["schedule_name"], o["state"], o["record_id"]) for o in checklist.json()["items"]
        }
        assert states == {("电梯", "overdue", None), ("主干道", "done", road_id)}
        await record(client, office, lift_record(office.tree.building_id))
        cleared = await client.get("/api/v1/disinfections/overdue", headers=office.staff)
        assert cleared.json()["total"] == 0

    async def test_since_is_checked(self, client: httpx.AsyncClient, stack: Stack) -> None:
        office = await make_office(client, stack)
        for since in (
            "2020-01-01T00:00:00+00:00",
            (datetime.now(UTC) + timedelta(hours=1)).isoformat(),
        ):
            response = await client.get(
                "/api/v1/disinfections/overdue", headers=office.staff, params={"since": since}
            )
            assert response.status_code == 422, since
            assert response.json()["type"] == "/problems/invalid-disinfection-time"
        for path, params in (
            ("/api/v1/disinfections/occurrences", {"day": "0001-01-01"}),
            ("/api/v1/disinfections/occurrences", {"day": "9999-12-31"}),
            ("/api/v1/disinfections", {"since": "0001-01-01T00:00:00+14:00"}),
            ("/api/v1/disinfections", {"until": "9999-12-31T23:59:59-12:00"}),
        ):
            far = await client.get(path, headers=office.staff, params=params)
            assert far.status_code == 422, (path, params, far.text)
            assert far.json()["type"] == "/problems/invalid-disinfection-time"
        naive = await client.get(
            "/api/v1/disinfections/overdue",
            headers=office.staff,
            params={"since": "2026-01-01T00:00"},
        )
        assert naive.status_code == 422
        refused = await client.get(
            "/api/v1/disinfections/overdue",
            headers=office.staff,
            params={"community_id": str(uuid.uuid4())},
        )
        assert refused.status_code == 404
