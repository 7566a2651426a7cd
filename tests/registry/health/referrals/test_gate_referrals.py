"""A fever at the gate opens a real referral: linked to the household, to the person when the pass
is personal or the volunteer picks the member, listed in /api/v1/referrals, closed by staff (who
name the person when the gate could not). Online, retried and offline, through the gateway."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx

from tests.conftest import Stack
from tests.registry.access.gates.builders import GateWorld, log_passage, make_gate_world, passage
from tests.registry.health.quarantines.builders import add_member, member_ids

R = "/api/v1/referrals"


async def referrals(client: httpx.AsyncClient, world: GateWorld, **params: str) -> list[Any]:
    response = await client.get(R, headers=world.staff, params=params)
    assert response.status_code == 200, response.text
    items: list[Any] = response.json()["items"]
    return items


async def members(client: httpx.AsyncClient, world: GateWorld, pass_id: str) -> httpx.Response:
    return await client.get(
        f"/api/v1/gate/passes/{pass_id}/members",
        headers=world.volunteer,
        params={"gate_id": str(world.gate_id)},
    )


async def test_household_pass_fever_opens_a_referral_without_a_person(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_gate_world(client, stack, households=2)
    body = passage(world, world.passes[0], temperature=38.4)
    first = await client.post("/api/v1/gate/logs", headers=world.volunteer, json=body)
    again = await client.post("/api/v1/gate/logs", headers=world.volunteer, json=body)
    assert first.status_code == again.status_code == 200, first.text
    hot, retried = first.json(), again.json()
    assert (hot["verdict"], hot["reason"], hot["fever"]) == ("deny", "fever", True)
    assert hot["referral_id"] is not None
    assert (retried["duplicate"], retried["referral_id"]) == (True, hot["referral_id"])
    [referral] = await referrals(client, world)
    assert referral["id"] == hot["referral_id"]
    assert referral["household_id"] == str(world.tree.household_ids[0])
    assert referral["address"] == "东苑 1栋 1单元 101"
    assert (referral["person_id"], referral["person_name"]) == (None, None)
    assert (referral["source"], referral["gate_log_id"]) == ("gate", hot["log_id"])
    assert (referral["temperature"], referral["status"]) == (38.4, "open")
    cool = await log_passage(client, world, world.passes[1], temperature=37.2)
    assert cool["referral_id"] is None
    assert len(await referrals(client, world)) == 1


async def test_the_volunteer_picks_the_member(client: httpx.AsyncClient, stack: Stack) -> None:
    world = await make_gate_world(client, stack, households=2)
    household = world.tree.household_ids[0]
    spouse = await add_member(stack, household, "李小红")
    listed = await members(client, world, world.passes[0]["id"])
    assert listed.status_code == 200, listed.text
    assert [(m["name"], m["relation"]) for m in listed.json()] == [
        ("张*", "户主"),
        ("李**", "配偶"),
    ]
    assert set(listed.json()[0]) == {"person_id", "name", "relation", "birth_year"}
    hot = await log_passage(client, world, world.passes[0], temperature=39.0, person_id=str(spouse))
    [referral] = await referrals(client, world)
    assert (referral["id"], referral["person_id"]) == (hot["referral_id"], str(spouse))
    assert referral["person_name"] == "李小红"
    assert [r["id"] for r in await referrals(client, world, person_id=str(spouse))] == [
        hot["referral_id"]
    ]


async def test_a_member_of_another_household_is_refused_and_nothing_logged(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_gate_world(client, stack, households=2)
    stranger = (await member_ids(stack, world.tree.household_ids[1]))[0]
    body = passage(world, world.passes[0], temperature=38.5, person_id=str(stranger))
    refused = await client.post("/api/v1/gate/logs", headers=world.volunteer, json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["type"].endswith("/gate-person-not-in-household")
    logs = await client.get("/api/v1/gate/logs", headers=world.staff)
    assert logs.json()["total"] == 0
    assert await referrals(client, world) == []


async def test_members_only_for_a_posted_volunteer_and_a_known_pass(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_gate_world(client, stack, households=1)
    other = await make_gate_world(client, stack, households=1, name="桃园社区")
    assert (await members(client, world, str(uuid.uuid4()))).status_code == 404
    foreign = await client.get(
        f"/api/v1/gate/passes/{world.passes[0]['id']}/members",
        headers=other.volunteer,
        params={"gate_id": str(world.gate_id)},
    )
    assert foreign.status_code == 404  # another community's gate
    not_here = await client.get(
        f"/api/v1/gate/passes/{other.passes[0]['id']}/members",
        headers=world.volunteer,
        params={"gate_id": str(world.gate_id)},
    )
    assert not_here.status_code == 404  # a pass of another community


async def test_staff_name_the_person_when_closing(client: httpx.AsyncClient, stack: Stack) -> None:
    world = await make_gate_world(client, stack, households=2)
    hot = await log_passage(client, world, world.passes[0], temperature=38.0)
    member = (await member_ids(stack, world.tree.household_ids[0]))[0]
    stranger = (await member_ids(stack, world.tree.household_ids[1]))[0]
    close = f"{R}/{hot['referral_id']}/close"
    wrong = await client.post(
        close, headers=world.staff, json={"outcome": "ruled_out", "person_id": str(stranger)}
    )
    assert wrong.status_code == 422, wrong.text
    closed = await client.post(
        close, headers=world.staff, json={"outcome": "ruled_out", "person_id": str(member)}
    )
    assert closed.status_code == 200, closed.text
    assert (closed.json()["status"], closed.json()["person_id"]) == ("closed", str(member))
    assert closed.json()["person_name"] == "张0"
    assert await referrals(client, world) == []  # open ones by default
    # a referral that names its person keeps it
    other_hot = await log_passage(
        client, world, world.passes[1], temperature=38.0, person_id=str(stranger)
    )
    newcomer = await add_member(stack, world.tree.household_ids[1], "王五")
    renamed = await client.post(
        f"{R}/{other_hot['referral_id']}/close",
        headers=world.staff,
        json={"outcome": "admitted", "person_id": str(newcomer)},
    )
    assert renamed.status_code == 409, renamed.text


async def test_offline_fevers_open_one_referral_each_however_often_uploaded(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_gate_world(client, stack, households=2)
    member = (await member_ids(stack, world.tree.household_ids[0]))[0]
    at = datetime.now(UTC).isoformat()
    hot = passage(world, world.passes[0], temperature=38.6, person_id=str(member))
    unnamed = passage(world, world.passes[1], temperature=38.1)
    # a member of household 0 picked on household 1's pass
    wrong = passage(world, world.passes[1], temperature=38.3, person_id=str(member))
    logs = [
        {**log, "occurred_at": at, "verdict": "deny", "reason": "fever"}
        for log in (hot, unnamed, wrong)
    ]
    for _ in range(2):
        response = await client.post(
            "/api/v1/gate/logs:batch", headers=world.volunteer, json={"logs": logs}
        )
        assert response.status_code == 200, response.text
    result = response.json()
    assert [r["client_id"] for r in result["rejected"]] == [wrong["client_id"]]
    assert "person_id" in result["rejected"][0]["errors"][0]
    assert sorted(result["duplicates"]) == sorted([hot["client_id"], unnamed["client_id"]])
    opened = await referrals(client, world)
    assert sorted((r["person_id"] or "", r["temperature"]) for r in opened) == sorted(
        [(str(member), 38.6), ("", 38.1)]
    )
    assert {r["source"] for r in opened} == {"gate"}


async def test_a_forged_card_with_a_fever_opens_no_referral(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await make_gate_world(client, stack, households=1)
    forged = passage(world, world.passes[0], temperature=38.9)
    forged["token"] = "A" * 178
    response = await client.post("/api/v1/gate/logs", headers=world.volunteer, json=forged)
    assert response.status_code == 200
    assert (response.json()["reason"], response.json()["fever"]) == ("forged", True)
    assert response.json()["referral_id"] is None
    assert await referrals(client, world) == []
