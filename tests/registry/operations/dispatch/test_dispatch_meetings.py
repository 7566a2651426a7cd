"""Dispatch meetings through the gateway: action items become tasks in the same transaction,
retries make nothing twice, bad input leaves neither a note nor a task."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx

from tests.builders import make_community
from tests.conftest import Stack
from tests.registry.operations.tasks.builders import (
    Office,
    at,
    future,
    iso,
    local_today,
    make_office,
    make_worker,
    past,
)


def meeting_body(office: Office, **extra: Any) -> dict[str, Any]:
    return {
        "held_at": iso(at(local_today() - timedelta(days=1), "08:30")),
        "chair": "书记 刘红",
        "attendees": ["刘红", "李敏", "王强"],
        "notes": "通报昨日排查情况。\n东苑电梯漏消毒两次。",
        "decisions": ["电梯消毒后当场登记", "独居老人电话回访"],
        "action_items": [
            {
                "kind": "disinfection",
                "title": "东苑1栋电梯补消毒",
                "building_id": str(office.tree.building_id),
                "assignee_worker_id": str(office.grid_worker_id),
                "due_at": iso(future(hours=2)),
            },
            {
                "kind": "phone_calls",
                "title": "独居老人电话回访",
                "assignee_worker_id": str(office.volunteer_worker_id),
                "due_at": iso(future(hours=6)),
            },
        ],
        **extra,
    }


async def counts(client: httpx.AsyncClient, office: Office) -> tuple[int, int]:
    meetings = await client.get("/api/v1/dispatch-meetings", headers=office.staff)
    tasks = await client.get("/api/v1/tasks", headers=office.staff)
    assert meetings.status_code == tasks.status_code == 200
    return meetings.json()["total"], tasks.json()["total"]


class TestRecordMeeting:
    async def test_action_items_become_tasks_linked_to_the_meeting(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        response = await client.post(
            "/api/v1/dispatch-meetings", headers=office.staff, json=meeting_body(office)
        )
        assert response.status_code == 201, response.text
        meeting = response.json()
        assert meeting["period"] == "morning"
        assert meeting["local_date"] == (local_today() - timedelta(days=1)).isoformat()
        assert meeting["decisions"] == ["电梯消毒后当场登记", "独居老人电话回访"]
        assert [t["title"] for t in meeting["tasks"]] == ["东苑1栋电梯补消毒", "独居老人电话回访"]
        assert {t["meeting_id"] for t in meeting["tasks"]} == {meeting["id"]}
        assert {t["status"] for t in meeting["tasks"]} == {"open"}
        linked = await client.get(
            "/api/v1/tasks", headers=office.staff, params={"meeting_id": meeting["id"]}
        )
        assert linked.json()["total"] == 2
        mine = (await client.get("/api/v1/tasks", headers=office.grid)).json()["items"]
        assert [(t["title"], t["meeting_id"]) for t in mine] == [
            ("东苑1栋电梯补消毒", meeting["id"])
        ]
        await client.post(
            f"/api/v1/tasks/{mine[0]['id']}/status",
            headers=office.grid,
            json={"status": "in_progress"},
        )
        again = await client.get(f"/api/v1/dispatch-meetings/{meeting['id']}", headers=office.grid)
        assert again.status_code == 200
        assert [t["status"] for t in again.json()["tasks"]] == ["in_progress", "open"]

    async def test_evening_meeting_and_day_filter(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        day = local_today() - timedelta(days=1)
        body = meeting_body(office, held_at=iso(at(day, "18:00")), action_items=[])
        response = await client.post("/api/v1/dispatch-meetings", headers=office.staff, json=body)
        assert response.status_code == 201
        assert response.json()["period"] == "evening"
        assert response.json()["tasks"] == []
        that_day = await client.get(
            "/api/v1/dispatch-meetings", headers=office.officer, params={"day": day.isoformat()}
        )
        assert that_day.json()["total"] == 1
        other_day = await client.get(
            "/api/v1/dispatch-meetings",
            headers=office.officer,
            params={"day": (day - timedelta(days=1)).isoformat()},
        )
        assert other_day.json()["total"] == 0

    async def test_a_retry_makes_no_task_twice(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        body = meeting_body(office, client_id=str(uuid.uuid4()))
        first = await client.post("/api/v1/dispatch-meetings", headers=office.staff, json=body)
        again = await client.post("/api/v1/dispatch-meetings", headers=office.staff, json=body)
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["id"] == first.json()["id"]
        assert [t["id"] for t in again.json()["tasks"]] == [t["id"] for t in first.json()["tasks"]]
        assert await counts(client, office) == (1, 2)

    async def test_one_bad_action_item_saves_nothing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        other = await make_community(stack, name="别的社区", households=1)
        retired = await make_worker(stack, office.community_id, "已停用", active=False)
        good = meeting_body(office)["action_items"][0]
        cases: list[tuple[dict[str, Any], int, str]] = [
            ({**good, "building_id": str(other.building_id)}, 404, "building-not-found"),
            ({**good, "assignee_worker_id": str(retired)}, 409, "assignee-inactive"),
            ({**good, "due_at": iso(past(days=3))}, 422, "invalid-due-time"),
            ({**good, "title": ""}, 422, "validation-error"),
            ({**good, "owner": "王强"}, 422, "validation-error"),
        ]
        for bad, status, slug in cases:
            body = meeting_body(office, action_items=[good, bad])
            response = await client.post(
                "/api/v1/dispatch-meetings", headers=office.staff, json=body
            )
            assert response.status_code == status, (bad, response.text)
            assert response.json()["type"] == f"/problems/{slug}"
        assert await counts(client, office) == (0, 0)

    async def test_bad_input_is_a_problem(self, client: httpx.AsyncClient, stack: Stack) -> None:
        office = await make_office(client, stack)
        cases: list[tuple[dict[str, Any], int]] = [
            ({"held_at": iso(future(hours=1))}, 422),
            ({"held_at": iso(past(days=31))}, 422),
            ({"held_at": "2026-01-01T08:00:00"}, 422),
            ({"attendees": ["刘红", ""]}, 422),
            ({"decisions": ["x" * 501]}, 422),
            ({"notes": "bad\x00byte"}, 422),
            ({"action_items": [meeting_body(office)["action_items"][0]] * 51}, 422),
            ({"minutes": "…"}, 422),
        ]
        for extra, status in cases:
            response = await client.post(
                "/api/v1/dispatch-meetings",
                headers=office.staff,
                json=meeting_body(office, **extra),
            )
            assert response.status_code == status, (extra, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
        assert await counts(client, office) == (0, 0)

    async def test_who_writes_and_who_reads(self, client: httpx.AsyncClient, stack: Stack) -> None:
        office = await make_office(client, stack)
        refused = await client.post(
            "/api/v1/dispatch-meetings", headers=office.grid, json=meeting_body(office)
        )
        assert refused.status_code == 403
        made = await client.post(
            "/api/v1/dispatch-meetings", headers=office.staff, json=meeting_body(office)
        )
        other = await make_office(client, stack, name="别的社区")
        hidden = await client.get(
            f"/api/v1/dispatch-meetings/{made.json()['id']}", headers=other.staff
        )
        assert hidden.status_code == 404
        volunteer = await client.get("/api/v1/dispatch-meetings", headers=office.volunteer)
        assert volunteer.status_code == 403
        assert made.json()["held_at"].endswith(("Z", "+00:00"))
