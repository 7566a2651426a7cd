"""A grid worker (网格员) sees only the households of their grid, on every route.

On the demo community, `grid1` covers some buildings. Every published GET route is called as
`staff` and as `grid1`: no list may show `grid1` an object of a household outside the grid, and
every object route under a list (`/passes/{pass_id}`, `/passes/{pass_id}/qr.svg`, …) must answer
404 for an object outside it, as must every route that takes a household id or filters by one.
The routes come from the published OpenAPI, so a new route is held to this without being named.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from gateway.accounts.models import User
from registry import demo as registry_demo
from shouhu_common.demo_ids import (
    DEMO_COMMUNITY_ID,
    demo_household_id,
    demo_id,
    demo_partner_id,
    demo_user_id,
)
from supplies import demo as supplies_demo
from tests.builders import password_hash, sign_in
from tests.conftest import Stack

PARAM = re.compile(r"\{(\w+)\}")
# Lists that still show a grid worker households outside the grid, listed so a gap stays visible:
# the test fails once one is fixed and not taken off. Supplies holds the grid since it learns
# each grid worker's areas from the registry's `grid.area_changed` events.
NOT_YET_SCOPED: set[str] = set()
# Demo households (registry/demo/community.py numbers them 50 a building, 东苑 1–6栋 then 西苑):
# 东苑1栋 and floor 3 of 东苑4栋 are grid1's; floor 4 of 东苑4栋 and 西苑6栋 are not.
ORDERED_FOR = {"inside": (1, 161), "outside": (166, 600)}
# Files (PDF, XLSX) and aggregate figures show no object of a household by id.
NOT_OBJECT_LISTS = re.compile(r"\.(pdf|xlsx|svg)$|/reports|/dashboard|/figures|/coverage|/summary")


async def _load_demo(stack: Stack) -> None:
    async with stack.registry.state.sessionmaker() as session:
        await registry_demo.load_demo(session, stack.registry.state.cipher)
    async with stack.supplies.state.sessionmaker() as session:
        await supplies_demo.load_demo(session)
        await session.commit()
    async with stack.gateway.state.sessionmaker() as session:
        for username, role in (("staff", "staff"), ("grid1", "grid_worker")):
            session.add(
                User(
                    id=demo_user_id(username),
                    username=username,
                    display_name=username,
                    role=role,
                    password_hash=password_hash(),
                    community_ids=[str(DEMO_COMMUNITY_ID)],
                )
            )
        await session.commit()


async def _place_orders(client: httpx.AsyncClient) -> None:
    """Orders for households inside and outside grid1's grid, placed by staff, so the walk meets
    supplies objects of both."""
    staff = await _bearer(client, "staff")
    rounds = await client.get(
        "/api/v1/delivery-rounds",
        headers=staff,
        params={"community_id": str(DEMO_COMMUNITY_ID)},
    )
    assert rounds.status_code == 200, rounds.text
    open_round = next(r for r in rounds.json() if r["status"] == "open")
    for number in (n for numbers in ORDERED_FOR.values() for n in numbers):
        body = {
            "partner_id": str(demo_partner_id("freshmart")),
            "round_id": open_round["id"],
            "household_id": str(demo_household_id(number)),
            "lines": [{"item_id": str(demo_id("catalog-item", "freshmart:大白菜")), "quantity": 1}],
        }
        placed = await client.post("/api/v1/orders", headers=staff, json=body)
        assert placed.status_code == 201, placed.text


async def _bearer(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {await sign_in(client, username)}"}


def _items(body: Any) -> list[dict[str, Any]]:
    if isinstance(body, dict):
        body = body.get("items", [])
    return [item for item in body if isinstance(item, dict)] if isinstance(body, list) else []


def _household_of(item: dict[str, Any]) -> str | None:
    if "household_id" in item:
        return str(item["household_id"]) if item["household_id"] is not None else None
    household = item.get("household")
    return str(household["id"]) if isinstance(household, dict) and "id" in household else None


async def _all_households(client: httpx.AsyncClient, headers: dict[str, str]) -> set[str]:
    ids: set[str] = set()
    offset = 0
    while True:
        page = await client.get(
            "/api/v1/households", headers=headers, params={"limit": 200, "offset": offset}
        )
        assert page.status_code == 200, page.text
        items = page.json()["items"]
        ids |= {h["id"] for h in items}
        if len(items) < 200:
            return ids
        offset += 200


async def _get(client: httpx.AsyncClient, path: str, headers: dict[str, str]) -> httpx.Response:
    response = await client.get(
        path, headers=headers, params={"community_id": str(DEMO_COMMUNITY_ID), "limit": 200}
    )
    if response.status_code == 422:  # a route that takes neither
        response = await client.get(path, headers=headers)
    return response


async def test_a_grid_worker_meets_no_household_outside_the_grid(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    await _load_demo(stack)
    await _place_orders(client)
    staff, grid = await _bearer(client, "staff"), await _bearer(client, "grid1")
    inside = await _all_households(client, grid)
    outside = await _all_households(client, staff) - inside
    assert {str(demo_household_id(n)) for n in ORDERED_FOR["inside"]} <= inside
    assert {str(demo_household_id(n)) for n in ORDERED_FOR["outside"]} <= outside
    some_outside = str(demo_household_id(ORDERED_FOR["outside"][0]))

    document = (await client.get("/openapi.json")).json()
    gets = sorted(p for p, ops in document["paths"].items() if "get" in ops)
    lists = [p for p in gets if not PARAM.search(p) and not NOT_OBJECT_LISTS.search(p)]
    wrong: list[str] = []
    checked_objects = 0
    for path in lists:
        as_staff, as_grid = await _get(client, path, staff), await _get(client, path, grid)
        if as_grid.status_code != 200:
            continue  # the route is not the grid worker's at all (403) — the role table's matter
        leaks = [i for i in _items(as_grid.json()) if _household_of(i) in outside]
        if path in NOT_YET_SCOPED:
            if not leaks:
                wrong.append(f"GET {path} is scoped now: take it off NOT_YET_SCOPED")
            continue
        for item in leaks:
            wrong.append(f"GET {path} lists {item.get('id')} of household outside the grid")
        filtered = await client.get(path, headers=grid, params={"household_id": some_outside})
        if filtered.status_code == 200 and any(
            _household_of(item) == some_outside for item in _items(filtered.json())
        ):
            wrong.append(f"GET {path}?household_id=<outside> lists its objects")
        beyond = [i for i in _items(as_staff.json()) if _household_of(i) in outside and "id" in i]
        object_routes = [p for p in gets if p.startswith(path + "/{") and p.count("{") == 1]
        for item in beyond[:2]:
            for template in object_routes:
                target = PARAM.sub(str(item["id"]), template)
                checked_objects += 1
                answer = await client.get(target, headers=grid)
                if answer.status_code not in (403, 404):
                    wrong.append(f"GET {target} (outside the grid): {answer.status_code}")
    for template in (p for p in gets if "{household_id}" in p):
        target = template.replace("{household_id}", some_outside)
        answer = await client.get(target, headers=grid)
        if answer.status_code not in (403, 404):
            wrong.append(f"GET {target} (household outside the grid): {answer.status_code}")
    assert checked_objects > 0
    assert wrong == [], "\n".join(wrong)


async def test_the_building_picker_offers_a_grid_worker_their_buildings(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    await _load_demo(stack)
    staff, grid = await _bearer(client, "staff"), await _bearer(client, "grid1")
    path = f"/api/v1/communities/{DEMO_COMMUNITY_ID}/buildings"
    every = (await client.get(path, headers=staff)).json()
    offered = (await client.get(path, headers=grid)).json()
    households = (await client.get("/api/v1/households?limit=200", headers=grid)).json()["items"]
    assert {b["id"] for b in offered} == {h["building_id"] for h in households}
    assert len(offered) < len(every)


async def test_supplies_holds_the_same_grid_as_the_registry(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    """The demo loads grid1's grid into both services (no event has flowed): grid1 finds the same
    households in supplies' directory as in the registry, and places orders only for them."""
    await _load_demo(stack)
    grid = await _bearer(client, "grid1")
    in_registry = await _all_households(client, grid)
    directory = await client.get("/api/v1/household-directory", headers=grid, params={"limit": 200})
    assert directory.status_code == 200, directory.text
    assert directory.json()["total"] == len(in_registry)
    assert {e["household_id"] for e in directory.json()["items"]} == in_registry
