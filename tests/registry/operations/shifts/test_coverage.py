"""The coverage view: shifts short of people, time a gate has nobody, each gate's next shift,
people over their weekly hours; and the two functions the dashboard and the daily report call."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import httpx
import pytest

from registry.operations.shifts import service
from tests.conftest import Stack
from tests.registry.operations.shifts.builders import S, local, make_gate, make_shift, monday_in
from tests.registry.operations.workers.builders import Office, add_worker, make_office


@pytest.fixture
async def office(client: httpx.AsyncClient, stack: Stack) -> Office:
    return await make_office(client, stack)


async def plan_a_monday(
    client: httpx.AsyncClient, stack: Stack, office: Office
) -> tuple[uuid.UUID, uuid.UUID, list[dict[str, object]]]:
    """东门: 08–14 staffed, 14–20 nobody, 20–08 one of two; 北门: nothing."""
    day = monday_in(2)
    east = await make_gate(stack, office.community_id, "东门")
    north = await make_gate(stack, office.community_id, "北门")
    a, b = await add_worker(client, office, "甲"), await add_worker(client, office, "乙")
    shifts = [
        await make_shift(client, office, east, local(day, 8), local(day, 14), worker_ids=[a["id"]]),
        await make_shift(client, office, east, local(day, 14), local(day, 20)),
        await make_shift(
            client,
            office,
            east,
            local(day, 20),
            local(day + timedelta(days=1), 8),
            worker_ids=[b["id"]],
            min_workers=2,
        ),
    ]
    return east, north, shifts


class TestCoverageView:
    async def test_gaps_next_shifts_and_counts(
        self, client: httpx.AsyncClient, stack: Stack, office: Office
    ) -> None:
        east, north, shifts = await plan_a_monday(client, stack, office)
        day = monday_in(2).isoformat()
        response = await client.get(
            f"{S}/coverage", headers=office.staff, params={"first_day": day, "last_day": day}
        )
        assert response.status_code == 200, response.text
        view = response.json()
        summary = view["summary"]
        assert {
            k: summary[k] for k in ("gates", "shifts", "staffed_shifts", "unstaffed_shifts")
        } == {
            "gates": 2,
            "shifts": 3,
            "staffed_shifts": 1,
            "unstaffed_shifts": 2,
        }
        assert (summary["shifts_with_nobody"], summary["uncovered_hours"]) == (1, 42.0)
        assert summary["gates_next_shift_unstaffed"] == 1
        assert [(u["label"], u["assigned"], u["nobody"]) for u in view["unstaffed"]] == [
            ("14:00–20:00", 0, True),
            ("20:00–08:00", 1, False),
        ]
        periods = [(p["gate_name"], p["hours"]) for p in view["uncovered_periods"]]
        assert sorted(periods) == sorted([("东门", 8.0), ("东门", 10.0), ("北门", 24.0)])
        nexts = {n["gate_name"]: n for n in view["next_shifts"]}
        assert (nexts["东门"]["shift_id"], nexts["东门"]["staffed"]) == (shifts[0]["id"], True)
        assert (nexts["北门"]["shift_id"], nexts["北门"]["staffed"]) == (None, False)

    async def test_people_over_their_weekly_hours(
        self, client: httpx.AsyncClient, stack: Stack, office: Office
    ) -> None:
        week = monday_in(2)
        gate = await make_gate(stack, office.community_id)
        owl, steady = (
            await add_worker(client, office, "刘建国"),
            await add_worker(client, office, "杨志勇"),
        )
        for n in range(5):
            day = week + timedelta(days=n)
            night = (local(day, 20), local(day + timedelta(days=1), 8))
            await make_shift(client, office, gate, *night, worker_ids=[owl["id"]])
            if n < 4:
                await make_shift(
                    client, office, gate, local(day, 8), local(day, 20), worker_ids=[steady["id"]]
                )
        params = {"first_day": week.isoformat(), "last_day": (week + timedelta(days=6)).isoformat()}
        view = (await client.get(f"{S}/coverage", headers=office.staff, params=params)).json()
        assert [(o["name"], o["hours"], o["week_start"]) for o in view["over_hours"]] == [
            ("刘建国", 60.0, week.isoformat())
        ]
        assert view["summary"]["workers_over_hours"] == 1
        relaxed = await client.get(
            f"{S}/coverage", headers=office.staff, params={**params, "max_weekly_hours": 72}
        )
        assert relaxed.json()["over_hours"] == []

    @pytest.mark.parametrize(
        "params",
        [
            {"first_day": "2026-12-10", "last_day": "2026-12-01"},
            {"first_day": "2026-01-01", "last_day": "2026-03-01"},
            {"max_weekly_hours": 0},
            {"first_day": "yesterday"},
        ],
    )
    async def test_a_bad_range_is_a_problem(
        self, client: httpx.AsyncClient, office: Office, params: dict[str, object]
    ) -> None:
        response = await client.get(f"{S}/coverage", headers=office.staff, params=params)
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")


class TestForTheDashboard:
    async def test_uncovered_shifts_and_coverage_summary(
        self, client: httpx.AsyncClient, stack: Stack, office: Office
    ) -> None:
        await plan_a_monday(client, stack, office)
        day = monday_in(2)
        start, end = local(day, 0), local(day + timedelta(days=1), 0)
        async with stack.registry.state.sessionmaker() as session:
            uncovered = await service.uncovered_shifts(session, office.community_id, start, end)
            summary = await service.coverage_summary(session, office.community_id, start, end)
            later = datetime.combine(day, datetime.min.time()) + timedelta(days=30)
            none = await service.uncovered_shifts(
                session, office.community_id, local(later.date(), 0), local(later.date(), 23)
            )
        assert [(u.label, u.gate_name, u.nobody) for u in uncovered] == [
            ("14:00–20:00", "东门", True),
            ("20:00–08:00", "东门", False),
        ]
        assert (summary.shifts, summary.unstaffed_shifts, summary.max_weekly_hours) == (3, 2, 48.0)
        assert none == []
