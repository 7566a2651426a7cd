"""Tasks through the gateway: assignment to roster workers, the status rules, who sees what,
idempotent creation, bad input, and the done count the daily report reads."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx

from registry.operations.tasks.service import tasks_done_count
from tests.builders import make_community
from tests.conftest import Stack
from tests.registry.operations.tasks.builders import (
    Office,
    account,
    future,
    iso,
    make_office,
    make_worker,
    past,
)


def task_body(office: Office, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "poster",
        "title": "1栋张贴防疫通知",
        "assignee_worker_id": str(office.grid_worker_id),
        "due_at": iso(future(hours=4)),
        "building_id": str(office.tree.building_id),
        **extra,
    }


async def create(client: httpx.AsyncClient, office: Office, **extra: Any) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/tasks", headers=office.staff, json=task_body(office, **extra)
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def total(client: httpx.AsyncClient, office: Office) -> int:
    response = await client.get("/api/v1/tasks", headers=office.staff)
    assert response.status_code == 200, response.text
    count: int = response.json()["total"]
    return count


async def move(
    client: httpx.AsyncClient, headers: dict[str, str], task_id: str, status: str
) -> httpx.Response:
    return await client.post(
        f"/api/v1/tasks/{task_id}/status", headers=headers, json={"status": status}
    )


class TestCreateTask:
    async def test_assigned_to_a_roster_worker(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        task = await create(client, office)
        assert task["status"] == "open"
        assert task["assignee_worker_id"] == str(office.grid_worker_id)
        assert task["assignee_name"] == "网格员 王强"
        assert task["community_id"] == str(office.community_id)
        assert task["overdue"] is False

    async def test_a_retry_returns_the_first_task(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        body = task_body(office, client_id=str(uuid.uuid4()))
        first = await client.post("/api/v1/tasks", headers=office.staff, json=body)
        again = await client.post("/api/v1/tasks", headers=office.staff, json=body)
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["id"] == first.json()["id"]
        reused = await client.post(
            "/api/v1/tasks", headers=office.staff, json={**body, "title": "别的任务"}
        )
        assert reused.status_code == 422
        assert reused.json()["type"] == "/problems/client-id-reused"
        assert await total(client, office) == 1

    async def test_bad_input_is_a_problem_and_changes_nothing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        other = await make_community(stack, name="别的社区", households=1)
        stranger = await make_worker(stack, other.community_id, "外社区人员")
        retired = await make_worker(stack, office.community_id, "已停用", active=False)
        cases: list[tuple[dict[str, Any], int, str]] = [
            ({"title": "  "}, 422, "validation-error"),
            ({"title": "a\x00b"}, 422, "validation-error"),
            ({"kind": "sweeping"}, 422, "validation-error"),
            ({"due_at": "2030-01-01T08:00:00"}, 422, "validation-error"),  # no zone
            ({"due_at": iso(future(days=400))}, 422, "invalid-due-time"),
            ({"due_at": iso(past(days=3))}, 422, "invalid-due-time"),
            ({"surprise": 1}, 422, "validation-error"),
            ({"building_id": str(other.building_id)}, 404, "building-not-found"),
            ({"assignee_worker_id": str(stranger)}, 404, "worker-not-found"),
            ({"assignee_worker_id": str(retired)}, 409, "assignee-inactive"),
        ]
        for extra, status, slug in cases:
            response = await client.post(
                "/api/v1/tasks", headers=office.staff, json=task_body(office, **extra)
            )
            assert response.status_code == status, (extra, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["type"] == f"/problems/{slug}", extra
        assert await total(client, office) == 0


class TestTaskStatus:
    async def test_open_in_progress_done_by_the_assignee(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        task = await create(client, office)
        started = await move(client, office.grid, task["id"], "in_progress")
        assert started.status_code == 200, started.text
        assert started.json()["started_at"] is not None
        done = await client.post(
            f"/api/v1/tasks/{task['id']}/status",
            headers=office.grid,
            json={"status": "done", "note": "已张贴12张"},
        )
        assert done.status_code == 200
        assert done.json()["status"] == "done"
        assert done.json()["status_note"] == "已张贴12张"
        retry = await move(client, office.grid, task["id"], "done")
        assert retry.status_code == 200
        assert retry.json()["done_at"] == done.json()["done_at"]

    async def test_out_of_order_moves_are_conflicts(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        task = await create(client, office)
        skipped = await move(client, office.grid, task["id"], "done")
        assert skipped.status_code == 409
        assert skipped.json()["type"] == "/problems/task-transition-not-allowed"
        await move(client, office.grid, task["id"], "in_progress")
        back = await move(client, office.grid, task["id"], "open")
        assert back.status_code == 409
        await move(client, office.grid, task["id"], "done")
        reopened = await move(client, office.staff, task["id"], "in_progress")
        assert reopened.status_code == 409
        cancelled = await move(client, office.staff, task["id"], "cancelled")
        assert cancelled.status_code == 409
        assert (await client.get(f"/api/v1/tasks/{task['id']}", headers=office.staff)).json()[
            "status"
        ] == "done"

    async def test_only_staff_cancel(self, client: httpx.AsyncClient, stack: Stack) -> None:
        office = await make_office(client, stack)
        task = await create(client, office)
        refused = await move(client, office.grid, task["id"], "cancelled")
        assert refused.status_code == 403
        assert refused.json()["type"] == "/problems/task-cancel-not-allowed"
        cancelled = await move(client, office.staff, task["id"], "cancelled")
        assert cancelled.status_code == 200
        assert cancelled.json()["cancelled_at"] is not None
        assert (await move(client, office.grid, task["id"], "in_progress")).status_code == 409


class TestWhoSeesWhat:
    async def test_grid_workers_and_volunteers_see_their_own(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        mine = await create(client, office)
        theirs = await create(client, office, assignee_worker_id=str(office.volunteer_worker_id))
        unassigned = await create(client, office, assignee_worker_id=None)
        grid_list = (await client.get("/api/v1/tasks", headers=office.grid)).json()
        assert [t["id"] for t in grid_list["items"]] == [mine["id"]]
        vol_list = (await client.get("/api/v1/tasks", headers=office.volunteer)).json()
        assert [t["id"] for t in vol_list["items"]] == [theirs["id"]]
        hidden = await client.get(f"/api/v1/tasks/{theirs['id']}", headers=office.grid)
        assert hidden.status_code == 404
        assert (await move(client, office.grid, theirs["id"], "in_progress")).status_code == 404
        assert (
            await move(client, office.volunteer, theirs["id"], "in_progress")
        ).status_code == 200
        officer = (await client.get("/api/v1/tasks", headers=office.officer)).json()
        assert {t["id"] for t in officer["items"]} == {mine["id"], theirs["id"], unassigned["id"]}
        assert (await move(client, office.officer, mine["id"], "in_progress")).status_code == 403

    async def test_another_community_is_not_found(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        task = await create(client, office)
        other = await make_community(stack, name="别的社区", households=1)
        _, outsider = await account(client, stack, "staff", other.community_id)
        assert (
            await client.get(f"/api/v1/tasks/{task['id']}", headers=outsider)
        ).status_code == 404
        listed = await client.get(
            "/api/v1/tasks", headers=outsider, params={"community_id": str(office.community_id)}
        )
        assert listed.json()["total"] == 0
        patched = await client.patch(
            f"/api/v1/tasks/{task['id']}", headers=outsider, json={"title": "改"}
        )
        assert patched.status_code == 404

    async def test_filters(self, client: httpx.AsyncClient, stack: Stack) -> None:
        office = await make_office(client, stack)
        late = await create(client, office, kind="phone_calls", due_at=iso(past(hours=1)))
        await create(client, office, kind="poster")
        overdue = await client.get(
            "/api/v1/tasks", headers=office.staff, params={"overdue": "true"}
        )
        assert [t["id"] for t in overdue.json()["items"]] == [late["id"]]
        assert overdue.json()["items"][0]["overdue"] is True
        calls = await client.get(
            "/api/v1/tasks", headers=office.staff, params={"kind": "phone_calls"}
        )
        assert calls.json()["total"] == 1
        mine = await client.get("/api/v1/tasks", headers=office.staff, params={"mine": "true"})
        assert mine.json()["total"] == 0  # the staff account is on no roster


class TestUpdateTask:
    async def test_staff_reassign_and_reschedule(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        task = await create(client, office)
        due = future(hours=10)
        changed = await client.patch(
            f"/api/v1/tasks/{task['id']}",
            headers=office.staff,
            json={
                "assignee_worker_id": str(office.volunteer_worker_id),
                "due_at": iso(due),
                "building_id": None,
            },
        )
        assert changed.status_code == 200, changed.text
        body = changed.json()
        assert body["assignee_name"] == "志愿者 陈军"
        assert body["building_id"] is None
        assert body["title"] == task["title"]
        refused = await client.patch(
            f"/api/v1/tasks/{task['id']}", headers=office.staff, json={"title": None}
        )
        assert refused.status_code == 422
        await move(client, office.volunteer, task["id"], "in_progress")
        await move(client, office.volunteer, task["id"], "done")
        closed = await client.patch(
            f"/api/v1/tasks/{task['id']}", headers=office.staff, json={"title": "改"}
        )
        assert closed.status_code == 409
        assert closed.json()["type"] == "/problems/task-closed"


class TestTasksDoneCount:
    async def test_counts_tasks_done_in_the_window(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        office = await make_office(client, stack)
        other = await make_office(client, stack, name="另一社区")
        for o, n in ((office, 3), (other, 1)):
            for _ in range(n):
                task = await create(client, o)
                await move(client, o.grid, task["id"], "in_progress")
                await move(client, o.grid, task["id"], "done")
        await create(client, office)  # still open
        start, end = past(hours=1), future(hours=1)
        async with stack.registry.state.sessionmaker() as session:
            assert await tasks_done_count(session, office.community_id, start, end) == 3
            assert await tasks_done_count(session, other.community_id, start, end) == 1
            later = end + timedelta(hours=1)
            assert await tasks_done_count(session, office.community_id, end, later) == 0
