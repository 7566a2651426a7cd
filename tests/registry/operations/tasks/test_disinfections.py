"""Disinfection records through the gateway: who may record, concentrations, idempotent retries,
bad input; schedules and their validation."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.builders import make_community
from tests.conftest import Stack
from tests.registry.operations.tasks.builders import Office, lift_record, make_office, past


async def records(client: httpx.AsyncClient, office: Office) -> int:
    response = await client.get("/api/v1/disinfections", headers=office.staff)
    assert response.status_code == 200, response.text
    count: int = response.json()["total"]
    return count


class TestRecordDisinfection:
    async def test_grid_workers_volunteers_and_staff_record(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        for headers in (office.grid, office.volunteer, office.staff):
            body = lift_record(office.tree.building_id)
            response = await client.post("/api/v1/disinfections", headers=headers, json=body)
            assert response.status_code == 201, response.text
        road = await client.post(
            "/api/v1/disinfections",
            headers=office.volunteer,
            json={
                "client_id": str(uuid.uuid4()),
                "place_kind": "main_road",
                "place": " 东门  主干道 ",
                "agent": "含氯消毒液",
                "concentration": "500MG/L",
                "done_by": "志愿者 赵六",
            },
        )
        assert road.status_code == 201, road.text
        body = road.json()
        assert body["place"] == "东门 主干道"
        assert body["concentration"] == "500 mg/L"
        assert body["done_by"] == "志愿者 赵六"
        refused = await client.post(
            "/api/v1/disinfections",
            headers=office.officer,
            json=lift_record(office.tree.building_id),
        )
        assert refused.status_code == 403
        assert await records(client, office) == 4

    async def test_concentrations_are_written_one_way(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        written = {
            "1 ： 100": "1:100",
            "1:50": "1:50",
            "250mg/l": "250 mg/L",
            "75 %": "75%",
            "0.5%": "0.5%",
            "1000.0 毫克/升": "1000 mg/L",
        }
        for given, stored in written.items():
            body = lift_record(office.tree.building_id, concentration=given)
            response = await client.post("/api/v1/disinfections", headers=office.grid, json=body)
            assert response.status_code == 201, (given, response.text)
            assert response.json()["concentration"] == stored

    async def test_a_retry_records_once(self, client: httpx.AsyncClient, stack: Stack) -> None:
        office = await make_office(client, stack)
        body = lift_record(office.tree.building_id, done_at=past(minutes=30))
        first = await client.post("/api/v1/disinfections", headers=office.grid, json=body)
        again = await client.post("/api/v1/disinfections", headers=office.grid, json=body)
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json() == first.json()
        reused = await client.post(
            "/api/v1/disinfections",
            headers=office.grid,
            json={**body, "place_kind": "stairwell"},
        )
        assert reused.status_code == 422
        assert reused.json()["type"] == "/problems/client-id-reused"
        assert await records(client, office) == 1
        fetched = await client.get(
            f"/api/v1/disinfections/{first.json()['id']}", headers=office.officer
        )
        assert fetched.status_code == 200

    async def test_bad_input_is_a_problem_and_changes_nothing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        other = await make_community(stack, name="别的社区", households=1)
        building = office.tree.building_id
        cases: list[tuple[dict[str, Any], int, str]] = [
            ({"concentration": "1:0"}, 422, "validation-error"),
            ({"concentration": "1:100000"}, 422, "validation-error"),
            ({"concentration": "浓一点"}, 422, "validation-error"),
            ({"concentration": "200000 mg/L"}, 422, "validation-error"),
            ({"concentration": "0%"}, 422, "validation-error"),
            ({"concentration": "120%"}, 422, "validation-error"),
            ({"agent": ""}, 422, "validation-error"),
            ({"building_id": None}, 422, "validation-error"),
            ({"place_kind": "main_road"}, 422, "validation-error"),  # named, not a building
            ({"place_kind": "garbage_point", "building_id": None}, 422, "validation-error"),
            ({"place_kind": "rooftop"}, 422, "validation-error"),
            ({"done_at": "2026-01-01T08:00:00"}, 422, "validation-error"),
            ({"done_at": past(minutes=-30).isoformat()}, 422, "invalid-disinfection-time"),
            ({"done_at": past(days=8).isoformat()}, 422, "invalid-disinfection-time"),
            ({"note": "x" * 201}, 422, "validation-error"),
            ({"extra": True}, 422, "validation-error"),
            ({"building_id": str(other.building_id)}, 404, "building-not-found"),
            ({"community_id": str(other.community_id)}, 404, "community-not-found"),
        ]
        for extra, status, slug in cases:
            response = await client.post(
                "/api/v1/disinfections",
                headers=office.grid,
                json={**lift_record(building), **extra},
            )
            assert response.status_code == status, (extra, response.text)
            assert response.json()["type"] == f"/problems/{slug}", extra
        assert await records(client, office) == 0

    async def test_lists_filter_and_stay_in_the_community(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        other = await make_office(client, stack, name="别的社区")
        await client.post(
            "/api/v1/disinfections", headers=office.grid, json=lift_record(office.tree.building_id)
        )
        await client.post(
            "/api/v1/disinfections", headers=other.grid, json=lift_record(other.tree.building_id)
        )
        mine = await client.get(
            "/api/v1/disinfections", headers=office.staff, params={"place_kind": "lift"}
        )
        assert mine.json()["total"] == 1
        none = await client.get(
            "/api/v1/disinfections", headers=office.staff, params={"place_kind": "main_road"}
        )
        assert none.json()["total"] == 0
        theirs = (await client.get("/api/v1/disinfections", headers=other.staff)).json()["items"][0]
        hidden = await client.get(f"/api/v1/disinfections/{theirs['id']}", headers=office.staff)
        assert hidden.status_code == 404


def schedule_body(**extra: Any) -> dict[str, Any]:
    return {
        "name": "电梯每日两次",
        "place_kind": "lift",
        "times": ["16:00", "08:00"],
        "all_buildings": True,
        **extra,
    }


class TestSchedules:
    async def test_create_read_replace_delete(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        made = await client.post(
            "/api/v1/disinfections/schedules", headers=office.staff, json=schedule_body()
        )
        assert made.status_code == 201, made.text
        schedule = made.json()
        assert schedule["times"] == ["08:00", "16:00"]
        assert schedule["places"] == [
            {"building_id": str(office.tree.building_id), "place": "东苑 1栋"}
        ]
        roads = await client.post(
            "/api/v1/disinfections/schedules",
            headers=office.staff,
            json={
                "name": "主干道",
                "place_kind": "main_road",
                "times": ["07:00", "19:00"],
                "places": ["东门主干道", "西门主干道"],
            },
        )
        assert roads.status_code == 201, roads.text
        listed = await client.get("/api/v1/disinfections/schedules", headers=office.grid)
        assert listed.json()["total"] == 2
        replaced = await client.put(
            f"/api/v1/disinfections/schedules/{schedule['id']}",
            headers=office.staff,
            json=schedule_body(
                times=["09:00"],
                all_buildings=False,
                building_ids=[str(office.tree.building_id)],
                active=False,
            ),
        )
        assert replaced.status_code == 200, replaced.text
        assert replaced.json()["times"] == ["09:00"]
        assert replaced.json()["effective_from"] > schedule["effective_from"]
        active = await client.get(
            "/api/v1/disinfections/schedules", headers=office.staff, params={"active_only": "true"}
        )
        assert [s["name"] for s in active.json()["items"]] == ["主干道"]
        gone = await client.delete(
            f"/api/v1/disinfections/schedules/{schedule['id']}", headers=office.staff
        )
        assert gone.status_code == 204
        again = await client.get(
            f"/api/v1/disinfections/schedules/{schedule['id']}", headers=office.staff
        )
        assert again.status_code == 404

    async def test_bad_schedules_are_refused(self, client: httpx.AsyncClient, stack: Stack) -> None:
        office = await make_office(client, stack)
        other = await make_community(stack, name="别的社区", households=1)
        cases: list[tuple[dict[str, Any], int]] = [
            ({"times": ["25:00"]}, 422),
            ({"times": ["8:00"]}, 422),
            ({"times": ["08:00", "08:00"]}, 422),
            ({"times": []}, 422),
            ({"places": ["1栋"]}, 422),  # a lift schedule names buildings
            ({"all_buildings": False}, 422),  # nor all of them, nor some
            ({"building_ids": [str(office.tree.building_id)]}, 422),  # both
            ({"place_kind": "main_road"}, 422),  # no place named
            ({"place_kind": "main_road", "all_buildings": False, "places": ["a", "a"]}, 422),
            ({"grace_minutes": 721}, 422),
            ({"all_buildings": False, "building_ids": [str(other.building_id)]}, 404),
        ]
        for extra, status in cases:
            response = await client.post(
                "/api/v1/disinfections/schedules", headers=office.staff, json=schedule_body(**extra)
            )
            assert response.status_code == status, (extra, response.text)
        listed = await client.get("/api/v1/disinfections/schedules", headers=office.staff)
        assert listed.json()["total"] == 0
        refused = await client.post(
            "/api/v1/disinfections/schedules", headers=office.grid, json=schedule_body()
        )
        assert refused.status_code == 403
