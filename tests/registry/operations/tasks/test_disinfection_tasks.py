"""A disinfection record that names its task marks the task done, in the same transaction: only
a disinfection task of the community that the recorder sees and that was not cancelled."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.conftest import Stack
from tests.registry.operations.tasks.builders import Office, lift_record, make_office
from tests.registry.operations.tasks.test_tasks import create, move


async def record(
    client: httpx.AsyncClient, headers: dict[str, str], office: Office, task: dict[str, Any]
) -> httpx.Response:
    body = lift_record(office.tree.building_id, task_id=task["id"])
    return await client.post("/api/v1/disinfections", headers=headers, json=body)


async def task_of(client: httpx.AsyncClient, office: Office, task_id: str) -> dict[str, Any]:
    response = await client.get(f"/api/v1/tasks/{task_id}", headers=office.staff)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def records(client: httpx.AsyncClient, office: Office) -> list[dict[str, Any]]:
    response = await client.get("/api/v1/disinfections", headers=office.staff)
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_the_assignees_record_completes_the_task(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    office = await make_office(client, stack)
    task = await create(client, office, kind="disinfection", title="1栋电梯消毒")
    assert task["status"] == "open"
    body = lift_record(office.tree.building_id, task_id=task["id"])
    first = await client.post("/api/v1/disinfections", headers=office.grid, json=body)
    assert first.status_code == 201, first.text
    assert first.json()["task_id"] == task["id"]
    done = await task_of(client, office, task["id"])
    assert done["status"] == "done"
    assert done["done_at"] is not None
    assert done["started_at"] is not None
    assert "84消毒液" in done["status_note"]
    again = await client.post("/api/v1/disinfections", headers=office.grid, json=body)
    assert again.status_code == 200  # a retry: one record, the task still done
    assert len(await records(client, office)) == 1
    # a second record for a task already done is kept; the task stays as it was
    later = await record(client, office.grid, office, task)
    assert later.status_code == 201, later.text
    assert (await task_of(client, office, task["id"]))["done_at"] == done["done_at"]


async def test_a_task_that_cannot_be_completed_refuses_the_record(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    office = await make_office(client, stack)
    poster = await create(client, office, kind="poster")
    someone_elses = await create(
        client, office, kind="disinfection", assignee_worker_id=str(office.volunteer_worker_id)
    )
    cancelled = await create(client, office, kind="disinfection")
    assert (await move(client, office.staff, cancelled["id"], "cancelled")).status_code == 200
    elsewhere = await make_office(client, stack, name="别的社区")
    foreign = await create(client, elsewhere, kind="disinfection")
    cases = [
        (poster, office.grid, 422, "/problems/task-kind-mismatch"),
        (someone_elses, office.grid, 404, "/problems/task-not-found"),
        (cancelled, office.staff, 409, "/problems/task-closed"),
        (foreign, office.staff, 404, "/problems/task-not-found"),
        ({"id": str(uuid.uuid4())}, office.staff, 404, "/problems/task-not-found"),
    ]
    for task, headers, status, problem in cases:
        response = await record(client, headers, office, task)
        assert (response.status_code, response.json()["type"]) == (status, problem), task
    assert await records(client, office) == []
    assert (await task_of(client, office, poster["id"]))["status"] == "open"
    assert (await task_of(client, office, someone_elses["id"]))["status"] == "open"
