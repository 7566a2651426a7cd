"""Grid assignments with floors: scoping by floor, the one-responsible-worker rule, atomic
reassignment, the coverage view and who is responsible for a household."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from registry.residents.assignments.models import GridAssignment
from tests.builders import CommunityTree, headers_for, make_community
from tests.conftest import Stack
from tests.registry.residents.assignments.builders import Tower, grid_account, make_tower

A = "/api/v1/assignments"


@pytest.fixture
async def tree(stack: Stack) -> CommunityTree:
    return await make_community(stack, households=2)


@pytest.fixture
async def staff(client: httpx.AsyncClient, stack: Stack, tree: CommunityTree) -> dict[str, str]:
    return await headers_for(client, stack, "staff", [tree.community_id])


@pytest.fixture
async def tower(stack: Stack, tree: CommunityTree) -> Tower:
    return await make_tower(stack, tree.community_id, "8栋", floors=6, per_floor=2)


def floors(building_id: uuid.UUID, low: int, high: int) -> dict[str, Any]:
    return {"building_id": str(building_id), "floor_from": low, "floor_to": high}


async def put_one(
    client: httpx.AsyncClient,
    staff: dict[str, str],
    tree: CommunityTree,
    subject: str,
    buildings: list[uuid.UUID] | None = None,
    floor_ranges: list[dict[str, Any]] | None = None,
) -> httpx.Response:
    body = {
        "community_id": str(tree.community_id),
        "building_ids": [str(b) for b in buildings or []],
        "floors": floor_ranges or [],
    }
    return await client.put(f"{A}/{subject}", headers=staff, json=body)


async def plan(stack: Stack) -> set[tuple[str, uuid.UUID, int | None, int | None]]:
    async with stack.registry.state.sessionmaker() as session:
        rows = (await session.scalars(select(GridAssignment))).all()
    return {(r.subject, r.building_id, r.floor_from, r.floor_to) for r in rows}


def problem(response: httpx.Response, status: int, slug: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == f"/problems/{slug}"


class TestFloorScoping:
    async def test_a_grid_worker_given_floors_sees_only_those_households(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        tower: Tower,
    ) -> None:
        subject, grid = await grid_account(client, stack, tree.community_id)
        done = await put_one(client, staff, tree, subject, [], [floors(tower.building_id, 2, 3)])
        assert done.status_code == 200, done.text
        assert [(a["floor_from"], a["floor_to"]) for a in done.json()] == [(2, 3)]
        listed = (await client.get("/api/v1/households", headers=grid)).json()
        assert sorted(h["id"] for h in listed["items"]) == sorted(
            str(h) for f in (2, 3) for h in tower.by_floor[f]
        )
        inside, outside = tower.by_floor[2][0], tower.by_floor[4][0]
        assert (await client.get(f"/api/v1/households/{inside}", headers=grid)).status_code == 200
        assert (await client.get(f"/api/v1/households/{outside}", headers=grid)).status_code == 404
        round_ = await client.post("/api/v1/screenings/rounds", headers=staff, json={})
        assert round_.status_code == 201
        work = (await client.get("/api/v1/screenings/work-list", headers=grid)).json()
        assert work["total"] == 4
        person = {"household_id": str(outside), "name": "王五"}
        assert (await client.post("/api/v1/people", headers=grid, json=person)).status_code == 404
        person["household_id"] = str(inside)
        assert (await client.post("/api/v1/people", headers=grid, json=person)).status_code == 201
        assert (await client.get("/api/v1/people", headers=grid)).json()["total"] == 1

    async def test_whole_buildings_still_scope_as_before(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        tower: Tower,
    ) -> None:
        subject, grid = await grid_account(client, stack, tree.community_id)
        assert (await put_one(client, staff, tree, subject, [tower.building_id])).status_code == 200
        assert (await client.get("/api/v1/households", headers=grid)).json()["total"] == 12
        mine = (await client.get(A, headers=grid)).json()
        assert [(a["building_name"], a["floor_from"]) for a in mine] == [("8栋", None)]


class TestOneResponsibleWorker:
    async def test_two_workers_on_one_floor_are_refused(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        tower: Tower,
    ) -> None:
        a, _ = await grid_account(client, stack, tree.community_id)
        b, _ = await grid_account(client, stack, tree.community_id)
        assert (
            await put_one(client, staff, tree, a, [], [floors(tower.building_id, 1, 3)])
        ).status_code == 200
        before = await plan(stack)
        clash = await put_one(client, staff, tree, b, [], [floors(tower.building_id, 3, 6)])
        problem(clash, 409, "two-responsible-workers")
        assert "8栋 3层" in clash.json()["detail"]
        whole = await put_one(client, staff, tree, b, [tower.building_id])
        problem(whole, 409, "two-responsible-workers")
        assert await plan(stack) == before
        rest = await put_one(client, staff, tree, b, [], [floors(tower.building_id, 4, 6)])
        assert rest.status_code == 200

    async def test_taking_floors_away_needs_someone_to_take_them(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        tower: Tower,
    ) -> None:
        a, grid_a = await grid_account(client, stack, tree.community_id)
        b, grid_b = await grid_account(client, stack, tree.community_id)
        assert (await put_one(client, staff, tree, a, [tower.building_id])).status_code == 200
        before = await plan(stack)
        problem(await put_one(client, staff, tree, a, []), 409, "assignment-leaves-gap")
        shrink = await put_one(client, staff, tree, a, [], [floors(tower.building_id, 1, 4)])
        problem(shrink, 409, "assignment-leaves-gap")
        assert "8栋 5–6层" in shrink.json()["detail"]
        assert await plan(stack) == before

        move = {
            "community_id": str(tree.community_id),
            "workers": [
                {"subject": a, "floors": [floors(tower.building_id, 1, 4)]},
                {"subject": b, "floors": [floors(tower.building_id, 5, 6)]},
            ],
        }
        moved = await client.put(A, headers=staff, json=move)
        assert moved.status_code == 200, moved.text
        assert await plan(stack) == {(a, tower.building_id, 1, 4), (b, tower.building_id, 5, 6)}
        assert (await client.get("/api/v1/households", headers=grid_a)).json()["total"] == 8
        assert (await client.get("/api/v1/households", headers=grid_b)).json()["total"] == 4

        hand_over = {
            "community_id": str(tree.community_id),
            "workers": [
                {"subject": a},
                {"subject": b, "building_ids": [str(tower.building_id)]},
            ],
        }
        assert (await client.put(A, headers=staff, json=hand_over)).status_code == 200
        assert await plan(stack) == {(b, tower.building_id, None, None)}

    @pytest.mark.parametrize(
        ("areas", "status", "slug"),
        [
            ({"floors": [{"floor_from": 5, "floor_to": 2}]}, 422, "validation-error"),
            ({"floors": [{"floor_from": 5, "floor_to": 9}]}, 422, "floors-outside-building"),
            ({"whole": True, "floors": [{"floor_from": 1, "floor_to": 2}]}, 422, "areas-repeated"),
            ({"foreign": True}, 422, "building-outside-community"),
        ],
    )
    async def test_bad_areas_are_problems_and_change_nothing(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        tower: Tower,
        areas: dict[str, Any],
        status: int,
        slug: str,
    ) -> None:
        a, _ = await grid_account(client, stack, tree.community_id)
        building = tower.building_id
        if areas.get("foreign"):
            building = (await make_community(stack, "乙社区", households=0)).building_id
        ranges = [{"building_id": str(tower.building_id), **f} for f in areas.get("floors", [])]
        whole = [building] if areas.get("whole") or areas.get("foreign") else []
        problem(await put_one(client, staff, tree, a, whole, ranges), status, slug)
        assert await plan(stack) == set()

    async def test_a_plan_names_each_worker_once(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        a, _ = await grid_account(client, stack, tree.community_id)
        body = {"community_id": str(tree.community_id), "workers": [{"subject": a}, {"subject": a}]}
        problem(await client.put(A, headers=staff, json=body), 422, "validation-error")
        grid = await headers_for(client, stack, "grid_worker", [tree.community_id])
        ok = {"community_id": str(tree.community_id), "workers": [{"subject": a}]}
        assert (await client.put(A, headers=grid, json=ok)).status_code == 403


class TestCoverageAndResponsibility:
    async def test_uncovered_floors_and_households_per_worker(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        tower: Tower,
    ) -> None:
        a, _ = await grid_account(client, stack, tree.community_id)
        b, _ = await grid_account(client, stack, tree.community_id)
        await put_one(client, staff, tree, a, [tree.building_id], [floors(tower.building_id, 1, 2)])
        await put_one(client, staff, tree, b, [], [floors(tower.building_id, 5, 5)])
        response = await client.get(f"{A}/coverage", headers=staff)
        assert response.status_code == 200, response.text
        view = response.json()
        assert (view["buildings"], view["households"]) == (2, 14)
        assert (view["households_covered"], view["households_uncovered"]) == (8, 6)
        gaps = [
            (u["building_name"], u["floor_from"], u["floor_to"], u["households"])
            for u in view["uncovered"]
        ]
        assert gaps == [("东苑 8栋", 3, 4, 4), ("东苑 8栋", 6, 6, 2)]
        loads = {w["subject"]: (w["buildings"], w["households"]) for w in view["workers"]}
        assert loads == {a: (2, 6), b: (1, 2)}
        grid = await headers_for(client, stack, "grid_worker", [tree.community_id])
        assert (await client.get(f"{A}/coverage", headers=grid)).status_code == 403

    async def test_who_is_responsible_for_a_household(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        tree: CommunityTree,
        staff: dict[str, str],
        tower: Tower,
    ) -> None:
        a, grid_a = await grid_account(client, stack, tree.community_id)
        await put_one(client, staff, tree, a, [], [floors(tower.building_id, 1, 2)])
        covered, nobody = tower.by_floor[2][1], tower.by_floor[6][0]
        answer = await client.get(
            f"{A}/responsible", headers=staff, params={"household_id": str(covered)}
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert (body["subject"], body["floor"], body["floor_from"], body["floor_to"]) == (
            a,
            2,
            1,
            2,
        )
        assert body["building_name"] == "东苑 8栋"
        unowned = (
            await client.get(
                f"{A}/responsible", headers=staff, params={"household_id": str(nobody)}
            )
        ).json()
        assert unowned["subject"] is None
        mine = await client.get(
            f"{A}/responsible", headers=grid_a, params={"household_id": str(covered)}
        )
        assert mine.json()["subject"] == a
        elsewhere = await client.get(
            f"{A}/responsible", headers=grid_a, params={"household_id": str(nobody)}
        )
        assert elsewhere.status_code == 404
