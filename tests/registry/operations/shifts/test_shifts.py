"""Shifts 排班 through the gateway: the rules on times and people, idempotent retries,
templates and filling a week, and bad input that changes nothing."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select

from registry.operations.shifts.models import Shift, ShiftAssignment
from tests.conftest import Stack
from tests.registry.operations.shifts.builders import (
    S,
    T,
    local,
    make_gate,
    make_shift,
    monday_in,
    post_shift,
    put_on,
)
from tests.registry.operations.workers.builders import Office, W, add_worker, make_office


@pytest.fixture
async def office(client: httpx.AsyncClient, stack: Stack) -> Office:
    return await make_office(client, stack)


@pytest.fixture
async def gate_id(stack: Stack, office: Office) -> uuid.UUID:
    return await make_gate(stack, office.community_id)


async def counts(stack: Stack) -> tuple[int, int]:
    async with stack.registry.state.sessionmaker() as session:
        shifts = (await session.execute(select(func.count(Shift.id)))).scalar_one()
        on = (await session.execute(select(func.count(ShiftAssignment.id)))).scalar_one()
    return int(shifts), int(on)


def problem(response: httpx.Response, status: int, slug: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == f"/problems/{slug}"


class TestShiftTimes:
    async def test_a_night_shift_crosses_midnight(
        self, client: httpx.AsyncClient, office: Office, gate_id: uuid.UUID
    ) -> None:
        day = monday_in(2)
        shift = await make_shift(
            client, office, gate_id, local(day, 20), local(day + timedelta(days=1), 8)
        )
        assert (shift["label"], shift["hours"], shift["local_date"]) == (
            "20:00–08:00",
            12.0,
            day.isoformat(),
        )
        assert (shift["gate_name"], shift["staffed"], shift["workers"]) == ("东门", False, [])

    @pytest.mark.parametrize(
        ("start", "end", "slug"),
        [
            ((20, 0), (8, 0), "shift-ends-before-start"),  # 08:00 the same day
            ((8, 0), (8, 0), "shift-ends-before-start"),
            ((8, 0), None, "shift-too-long"),
        ],
    )
    async def test_a_shift_must_end_after_it_starts_and_within_a_day(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        office: Office,
        gate_id: uuid.UUID,
        start: tuple[int, int],
        end: tuple[int, int] | None,
        slug: str,
    ) -> None:
        day = monday_in(2)
        ends = local(day, *end) if end else local(day + timedelta(days=1), 9)
        problem(await post_shift(client, office, gate_id, local(day, *start), ends), 422, slug)
        assert await counts(stack) == (0, 0)

    async def test_times_need_an_offset_and_the_gate_must_be_ours(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        body = {
            "gate_id": str(gate_id),
            "starts_at": "2026-12-01T08:00:00",
            "ends_at": "2026-12-01T14:00:00",
        }
        assert (await client.post(S, headers=office.staff, json=body)).status_code == 422
        other = await make_office(client, stack, "乙社区")
        day = monday_in(2)
        foreign = await post_shift(client, other, gate_id, local(day, 8), local(day, 14))
        problem(foreign, 404, "gate-not-found")
        assert await counts(stack) == (0, 0)

    async def test_one_slot_once_and_retries_make_one_shift(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        day = monday_in(2)
        client_id = str(uuid.uuid4())
        first = await post_shift(
            client, office, gate_id, local(day, 8), local(day, 14), client_id=client_id
        )
        again = await post_shift(
            client, office, gate_id, local(day, 8), local(day, 14), client_id=client_id
        )
        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json()["id"] == again.json()["id"]
        moved = await post_shift(
            client, office, gate_id, local(day, 9), local(day, 14), client_id=client_id
        )
        problem(moved, 422, "client-id-reused")
        problem(
            await post_shift(client, office, gate_id, local(day, 8), local(day, 14)),
            409,
            "shift-exists",
        )
        assert await counts(stack) == (1, 0)


class TestWhoIsOnAShift:
    async def test_overlaps_duplicates_and_inactive_workers_are_refused(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        day = monday_in(2)
        worker = await add_worker(client, office)
        north = await make_gate(stack, office.community_id, "北门")
        night = await make_shift(
            client, office, gate_id, local(day, 20), local(day + timedelta(days=1), 8)
        )
        early = await make_shift(
            client,
            office,
            north,
            local(day + timedelta(days=1), 7),
            local(day + timedelta(days=1), 12),
        )
        after = await make_shift(
            client,
            office,
            north,
            local(day + timedelta(days=1), 8),
            local(day + timedelta(days=1), 14),
        )
        assert (await put_on(client, office, night["id"], worker["id"])).status_code == 201
        problem(await put_on(client, office, night["id"], worker["id"]), 409, "already-on-shift")
        overlap = await put_on(client, office, early["id"], worker["id"])
        problem(overlap, 409, "shift-overlap")
        assert "东门" in overlap.json()["detail"]
        touching = await put_on(client, office, after["id"], worker["id"])
        assert touching.status_code == 201, touching.text
        resting = await add_worker(client, office, "赵德明", active=False)
        problem(await put_on(client, office, early["id"], resting["id"]), 409, "worker-inactive")
        problem(
            await put_on(client, office, early["id"], str(uuid.uuid4())), 404, "worker-not-found"
        )
        assert await counts(stack) == (3, 2)

    async def test_a_shift_with_its_workers_is_made_whole_or_not_at_all(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        day = monday_in(2)
        a, b = await add_worker(client, office, "甲"), await add_worker(client, office, "乙")
        await make_shift(
            client, office, gate_id, local(day, 8), local(day, 14), worker_ids=[b["id"]]
        )
        north = await make_gate(stack, office.community_id, "北门")
        clash = await post_shift(
            client, office, north, local(day, 10), local(day, 16), worker_ids=[a["id"], b["id"]]
        )
        problem(clash, 409, "shift-overlap")
        assert await counts(stack) == (1, 1)
        made = await make_shift(
            client,
            office,
            north,
            local(day, 14),
            local(day, 20),
            worker_ids=[a["id"], b["id"]],
            min_workers=2,
        )
        assert [w["name"] for w in made["workers"]] == ["甲", "乙"]
        assert made["staffed"] is True

    async def test_an_assignment_retried_with_its_client_id_is_made_once(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        day = monday_in(2)
        worker = await add_worker(client, office)
        shift = await make_shift(client, office, gate_id, local(day, 8), local(day, 14))
        client_id = str(uuid.uuid4())
        first = await put_on(client, office, shift["id"], worker["id"], client_id=client_id)
        again = await put_on(client, office, shift["id"], worker["id"], client_id=client_id)
        assert (first.status_code, again.status_code) == (201, 200)
        assert len(again.json()["workers"]) == 1
        assert await counts(stack) == (1, 1)

    async def test_simultaneous_retries_make_one_shift_and_one_assignment(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        """Three copies of one request at once (a phone retrying on a bad link) are answered
        with the one record, never with 'already exists'."""
        day = monday_in(2)
        worker = await add_worker(client, office)
        shift_id = str(uuid.uuid4())
        shifts = await asyncio.gather(
            *(
                post_shift(
                    client, office, gate_id, local(day, 8), local(day, 14), client_id=shift_id
                )
                for _ in range(3)
            )
        )
        assert sorted(r.status_code for r in shifts) == [200, 200, 201], [r.text for r in shifts]
        shift = shifts[0].json()
        assignment_id = str(uuid.uuid4())
        puts = await asyncio.gather(
            *(
                put_on(client, office, shift["id"], worker["id"], client_id=assignment_id)
                for _ in range(3)
            )
        )
        assert sorted(r.status_code for r in puts) == [200, 200, 201], [r.text for r in puts]
        assert await counts(stack) == (1, 1)

    async def test_taking_off_and_removing_before_anyone_checked_in(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        day = monday_in(2)
        worker = await add_worker(client, office)
        shift = await make_shift(
            client, office, gate_id, local(day, 8), local(day, 14), worker_ids=[worker["id"]]
        )
        url = f"{S}/{shift['id']}"
        off = await client.delete(f"{url}/assignments/{worker['id']}", headers=office.staff)
        assert (off.status_code, off.json()["workers"]) == (200, [])
        problem(
            await client.delete(f"{url}/assignments/{worker['id']}", headers=office.staff),
            409,
            "not-on-shift",
        )
        assert (await client.delete(url, headers=office.staff)).status_code == 204
        problem(await client.get(url, headers=office.staff), 404, "shift-not-found")
        assert (await client.get(f"{W}/{worker['id']}", headers=office.staff)).status_code == 200

    async def test_the_list_filters_by_gate_worker_and_time(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        day = monday_in(2)
        worker = await add_worker(client, office)
        north = await make_gate(stack, office.community_id, "北门")
        await make_shift(
            client, office, gate_id, local(day, 8), local(day, 14), worker_ids=[worker["id"]]
        )
        await make_shift(client, office, north, local(day, 14), local(day, 20))
        await make_shift(
            client,
            office,
            north,
            local(day + timedelta(days=1), 8),
            local(day + timedelta(days=1), 14),
        )

        async def labels(**params: str) -> list[str]:
            response = await client.get(S, headers=office.staff, params=params)
            assert response.status_code == 200, response.text
            return [f"{s['gate_name']} {s['label']}" for s in response.json()["items"]]

        assert await labels(gate_id=str(north)) == ["北门 14:00–20:00", "北门 08:00–14:00"]
        assert await labels(worker_id=worker["id"]) == ["东门 08:00–14:00"]
        window = {"start": local(day, 12).isoformat(), "end": local(day, 18).isoformat()}
        assert await labels(**window) == ["东门 08:00–14:00", "北门 14:00–20:00"]


class TestTemplates:
    async def test_a_week_is_filled_from_the_templates_once(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        await make_gate(stack, office.community_id, "北门")
        for name, start, end in (
            ("早班", "08:00", "14:00"),
            ("中班", "14:00", "20:00"),
            ("夜班", "20:00", "08:00"),
        ):
            made = await client.post(
                T,
                headers=office.staff,
                json={
                    "community_id": str(office.community_id),
                    "name": name,
                    "start_time": start,
                    "end_time": end,
                },
            )
            assert made.status_code == 201, made.text
        weekend = await client.post(
            T,
            headers=office.staff,
            json={
                "community_id": str(office.community_id),
                "gate_id": str(gate_id),
                "name": "加班",
                "start_time": "10:00",
                "end_time": "12:00",
                "weekdays": [6, 7],
                "min_workers": 2,
            },
        )
        assert weekend.json()["gate_name"] == "东门"
        listed = (await client.get(T, headers=office.staff)).json()
        night = next(t for t in listed if t["name"] == "夜班")
        assert (night["crosses_midnight"], night["hours"]) == (True, 12.0)

        week = monday_in(2)
        body = {"community_id": str(office.community_id), "week_start": week.isoformat()}
        filled = await client.post(f"{S}/fill-week", headers=office.staff, json=body)
        assert filled.status_code == 201, filled.text
        result = filled.json()
        assert (result["created"], result["existing"]) == (7 * 3 * 2 + 2, 0)
        nights = [s for s in result["shifts"] if s["label"] == "20:00–08:00"]
        assert nights[0]["local_date"] == week.isoformat()
        ends = datetime.fromisoformat(nights[0]["ends_at"])
        assert ends == local(week + timedelta(days=1), 8)
        again = await client.post(f"{S}/fill-week", headers=office.staff, json=body)
        assert again.status_code == 200
        assert (again.json()["created"], again.json()["existing"]) == (0, 44)
        assert await counts(stack) == (44, 0)

    async def test_bad_templates_and_foreign_gates_are_problems(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        base = {"community_id": str(office.community_id), "name": "早班", "start_time": "08:00"}
        same = await client.post(T, headers=office.staff, json={**base, "end_time": "08:00"})
        assert same.status_code == 422
        days = await client.post(
            T, headers=office.staff, json={**base, "end_time": "14:00", "weekdays": [8]}
        )
        assert days.status_code == 422
        other = await make_office(client, stack, "乙社区")
        foreign_gate = await make_gate(stack, other.community_id, "南门")
        problem(
            await client.post(
                T,
                headers=office.staff,
                json={**base, "end_time": "14:00", "gate_id": str(foreign_gate)},
            ),
            404,
            "gate-not-found",
        )
        fill = {
            "community_id": str(office.community_id),
            "week_start": monday_in(2).isoformat(),
            "gate_ids": [str(foreign_gate)],
        }
        problem(
            await client.post(f"{S}/fill-week", headers=office.staff, json=fill),
            404,
            "gate-not-found",
        )
        made = await client.post(T, headers=office.staff, json={**base, "end_time": "14:00"})
        url = f"{T}/{made.json()['id']}"
        problem(
            await client.patch(url, headers=office.staff, json={"end_time": "08:00"}),
            422,
            "shift-template-invalid",
        )
        assert (await client.get(T, headers=office.staff)).json()[0]["end_time"] == "14:00:00"
        assert (await client.delete(url, headers=office.staff)).status_code == 204
        assert await counts(stack) == (0, 0)
