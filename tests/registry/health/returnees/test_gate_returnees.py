"""Returning residents registered at the gate go straight into the returnee list for screening:
same transaction, same client id (a retry makes nothing twice), through the gateway."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx

from tests.conftest import Stack
from tests.registry.access.gates.builders import GateWorld, make_gate_world
from tests.registry.health.quarantines.builders import grid_worker, today

V = "/api/v1/gate/visitors"
R = "/api/v1/returnees"


def returnee(world: GateWorld, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "gate_id": str(world.gate_id),
        "kind": "returnee",
        "name": "王五",
        "phone": "13912345678",
        "from_city": "武汉",
        "transport": "火车 G1234",
        "household_id": str(world.tree.household_ids[0]),
        "temperature": 36.6,
    }
    return body | fields


async def listed(client: httpx.AsyncClient, world: GateWorld) -> list[dict[str, Any]]:
    response = await client.get(R, headers=world.staff)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_a_returnee_at_the_gate_is_on_the_returnee_list(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_gate_world(client, stack, households=2)
    body = returnee(world)
    first = await client.post(V, headers=world.volunteer, json=body)
    again = await client.post(V, headers=world.volunteer, json=body)
    assert (first.status_code, again.status_code) == (201, 201), first.text
    assert again.json()["duplicate"] is True
    assert first.json()["returnee_id"] == again.json()["returnee_id"] is not None
    [record] = await listed(client, world)
    assert record["id"] == first.json()["returnee_id"]
    assert record["client_id"] == body["client_id"]
    assert (record["name"], record["phone"], record["person_id"]) == ("王五", "139****5678", None)
    assert record["household_id"] == str(world.tree.household_ids[0])
    assert (record["from_city"], record["transport"], record["transport_number"]) == (
        "武汉",
        "train",
        "G1234",
    )
    assert record["arrival_date"] == today().isoformat()  # the gate's day when not given
    assert record["watch_until"] == (today() + timedelta(days=14)).isoformat()
    assert record["under_watch"] is True
    assert record["created_by"] == world.volunteer_subject
    # grid workers screen it like any returnee of their buildings
    grid = await grid_worker(client, stack, world.community_id, [world.tree.building_id])
    mine = await client.get(R, headers=grid, params={"under_watch": "true"})
    assert [r["id"] for r in mine.json()["items"]] == [record["id"]]


async def test_a_member_is_recognised_by_phone(client: httpx.AsyncClient, stack: Stack) -> None:
    world = await make_gate_world(client, stack, households=2)
    member_phone = world.tree.phones[1]
    body = returnee(
        world,
        household_id=str(world.tree.household_ids[1]),
        phone=member_phone,
        name="小张",
        transport="flight",
        arrival_date=(today() - timedelta(days=2)).isoformat(),
    )
    response = await client.post(V, headers=world.volunteer, json=body)
    assert response.status_code == 201, response.text
    [record] = await listed(client, world)
    assert record["person_id"] is not None
    assert record["name"] == "张1"  # the registry's name
    assert (record["transport"], record["transport_number"]) == ("flight", "")
    assert record["watch_until"] == (today() + timedelta(days=12)).isoformat()


async def test_transports_as_volunteers_type_them(client: httpx.AsyncClient, stack: Stack) -> None:
    world = await make_gate_world(client, stack, households=1)
    for typed, expected in (
        ("高铁G101", ("train", "G101")),
        ("飞机 CA1234", ("flight", "CA1234")),
        ("自驾 鲁F12345", ("car", "鲁F12345")),
        ("长途汽车", ("bus", "")),
        ("bus", ("bus", "")),
    ):
        response = await client.post(
            V, headers=world.volunteer, json=returnee(world, transport=typed)
        )
        assert response.status_code == 201, (typed, response.text)
        record = await client.get(f"{R}/{response.json()['returnee_id']}", headers=world.staff)
        assert (record.json()["transport"], record.json()["transport_number"]) == expected


async def test_bad_returnees_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_gate_world(client, stack, households=1)
    for fields in (
        {"transport": "步行"},
        {"arrival_date": (today() - timedelta(days=90)).isoformat()},
        {"arrival_date": (today() + timedelta(days=45)).isoformat()},
        {"phone": "12012345678"},
        {"from_city": ""},
        {"household_id": None},
    ):
        response = await client.post(V, headers=world.volunteer, json=returnee(world, **fields))
        assert response.status_code == 422, (fields, response.text)
    visitors = await client.get(V, headers=world.staff)
    assert visitors.json()["total"] == 0
    assert await listed(client, world) == []


async def test_a_feverish_returnee_opens_a_referral(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_gate_world(client, stack, households=1)
    response = await client.post(
        V,
        headers=world.volunteer,
        json=returnee(world, phone=world.tree.phones[0], temperature=38.2),
    )
    assert response.status_code == 201, response.text
    assert response.json()["fever"] is True
    referrals = (await client.get("/api/v1/referrals", headers=world.staff)).json()["items"]
    assert [(r["id"], r["source"], r["person_name"]) for r in referrals] == [
        (response.json()["referral_id"], "gate_returnee", "张0")
    ]
    assert referrals[0]["gate_visitor_id"] == response.json()["id"]


async def test_visitors_and_couriers_are_not_returnees(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_gate_world(client, stack, households=1)
    courier = returnee(world, kind="courier", household_id=None, from_city="", transport="")
    response = await client.post(V, headers=world.volunteer, json=courier)
    assert response.status_code == 201, response.text
    assert response.json()["returnee_id"] is None
    assert await listed(client, world) == []
