"""Returnees 返回人员 through the gateway: registration, the 14-day watch, masking, roles."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.builders import CommunityTree, headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import grid_worker, member_ids, today

R = "/api/v1/returnees"
PHONE = "13912345678"


@pytest.fixture
async def tree(stack: Stack) -> CommunityTree:
    return await make_community(stack, households=2)


@pytest.fixture
async def staff(client: httpx.AsyncClient, stack: Stack, tree: CommunityTree) -> dict[str, str]:
    return await headers_for(client, stack, "staff", [tree.community_id])


async def register(
    client: httpx.AsyncClient, headers: dict[str, str], **fields: Any
) -> httpx.Response:
    body: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "from_city": "武汉",
        "transport": "train",
        "transport_number": "G1234",
        "arrival_date": today().isoformat(),
    }
    body |= fields
    return await client.post(R, headers=headers, json=body)


async def test_a_registered_person_returns(
    client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
) -> None:
    person = (await member_ids(stack, tree.household_ids[0]))[0]
    response = await register(client, staff, person_id=str(person), phone=PHONE)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["name"] == "张0"
    assert body["household_id"] == str(tree.household_ids[0])
    assert body["phone"] == "139****5678"
    assert body["watch_until"] == (today() + timedelta(days=14)).isoformat()
    assert body["under_watch"] is True
    read = await client.get(f"{R}/{body['id']}", headers=staff)
    assert read.status_code == 200
    assert read.json()["transport_number"] == "G1234"


async def test_a_not_yet_registered_person_by_name_and_phone(
    client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
) -> None:
    response = await register(client, staff, name="李四", phone=PHONE, transport="flight")
    assert response.status_code == 201, response.text
    assert response.json()["community_id"] == str(tree.community_id)
    assert response.json()["household_id"] is None
    assert response.json()["phone"] == "139****5678"


async def test_the_watch_ends_by_itself(
    client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
) -> None:
    old = (today() - timedelta(days=20)).isoformat()
    ended = await register(client, staff, name="王五", phone=PHONE, arrival_date=old)
    recent = await register(client, staff, name="赵六", phone=PHONE)
    assert ended.json()["under_watch"] is False
    watched = (await client.get(R, headers=staff, params={"under_watch": "true"})).json()
    assert [r["id"] for r in watched["items"]] == [recent.json()["id"]]
    done = (await client.get(R, headers=staff, params={"under_watch": "false"})).json()
    assert [r["id"] for r in done["items"]] == [ended.json()["id"]]
    assert (await client.get(R, headers=staff)).json()["total"] == 2


async def test_a_retry_creates_nothing(
    client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str]
) -> None:
    client_id = str(uuid.uuid4())
    first = await register(client, staff, client_id=client_id, name="李四", phone=PHONE)
    again = await register(client, staff, client_id=client_id, name="李四", phone=PHONE)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert (await client.get(R, headers=staff)).json()["total"] == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "李四"},  # no phone
        {"name": "李四", "phone": "12345678901"},
        {"name": "李四", "phone": PHONE, "transport": "ship"},
        {"name": "李四", "phone": PHONE, "arrival_date": "2020-01-01"},
        {"name": "李四", "phone": PHONE, "arrival_date": "2026-02-30"},
        {"name": "李四", "phone": PHONE, "from_city": ""},
    ],
)
async def test_bad_input_is_refused(
    client: httpx.AsyncClient, tree: CommunityTree, staff: dict[str, str], fields: dict[str, Any]
) -> None:
    response = await register(client, staff, **fields)
    assert response.status_code == 422, response.text
    assert (await client.get(R, headers=staff)).json()["total"] == 0


async def test_grid_workers_only_in_their_buildings(
    client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
) -> None:
    other = await make_community(stack, name="别的社区", households=1)
    mine = await grid_worker(client, stack, tree.community_id, [tree.building_id])
    none = await grid_worker(client, stack, tree.community_id, [])
    person = (await member_ids(stack, tree.household_ids[0]))[0]
    created = await register(client, mine, person_id=str(person))
    assert created.status_code == 201, created.text
    assert (await register(client, none, person_id=str(person))).status_code == 404
    foreign = await register(client, staff, household_id=str(other.household_ids[0]), name="x")
    assert foreign.status_code == 422  # a name without phone
    foreign = await register(
        client, staff, household_id=str(other.household_ids[0]), name="x", phone=PHONE
    )
    assert foreign.status_code == 404
    assert (await client.get(R, headers=mine)).json()["total"] == 1
    assert (await client.get(R, headers=none)).json()["total"] == 0
    assert (await client.get(f"{R}/{created.json()['id']}", headers=none)).status_code == 404


@pytest.mark.parametrize("role", ["gate_volunteer", "officer"])
async def test_gate_volunteers_and_officers_are_refused(
    client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, role: str
) -> None:
    headers = await headers_for(client, stack, role, [tree.community_id])
    assert (await client.get(R, headers=headers)).status_code == 403
    assert (await register(client, headers, name="李四", phone=PHONE)).status_code == 403
