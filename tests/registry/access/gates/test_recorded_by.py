"""Shift change on a shared gate phone: a log uploaded by the next volunteer names who logged it
(`recorded_by`). A volunteer posted at the gate under that username (learned when they open the
gate) is recorded as `logged_by`; any other name leaves the uploader there, flagged; never refused
for that alone."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from tests.builders import make_user, sign_in
from tests.conftest import Stack
from tests.registry.access.gates.builders import GateWorld, make_gate_world
from tests.registry.access.gates.test_sync import offline


@dataclass
class Volunteer:
    username: str
    headers: dict[str, str]
    subject: str


async def volunteer(client: httpx.AsyncClient, stack: Stack, world: GateWorld) -> Volunteer:
    username = f"gate-{uuid.uuid4().hex[:6]}"
    await make_user(stack, username, "gate_volunteer", [world.community_id])
    headers = {"Authorization": f"Bearer {await sign_in(client, username)}"}
    me = await client.get("/api/v1/auth/me", headers=headers)
    return Volunteer(username, headers, me.json()["subject"])


async def post(
    client: httpx.AsyncClient, world: GateWorld, gate_id: uuid.UUID, *people: Volunteer
) -> None:
    subjects = [world.volunteer_subject, *(p.subject for p in people)]
    posted = await client.put(
        f"/api/v1/gate/gates/{gate_id}/volunteers", headers=world.staff, json={"subjects": subjects}
    )
    assert posted.status_code == 200, posted.text


async def open_gate(client: httpx.AsyncClient, person: Volunteer) -> None:
    """What the phone does when the volunteer opens the gate screen."""
    gates = await client.get("/api/v1/gate/gates", headers=person.headers)
    assert gates.status_code == 200, gates.text


async def upload(client: httpx.AsyncClient, uploader: Volunteer, logs: list[Any]) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/gate/logs:batch", headers=uploader.headers, json={"logs": logs}
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def stored(client: httpx.AsyncClient, world: GateWorld) -> dict[str, dict[str, Any]]:
    response = await client.get(
        "/api/v1/gate/logs", headers=world.staff, params={"gate_id": str(world.gate_id)}
    )
    return {log["client_id"]: log for log in response.json()["items"]}


class TestRecordedBy:
    async def test_a_posted_volunteer_is_recorded_as_who_logged_it(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        first, second = await volunteer(client, stack, world), await volunteer(client, stack, world)
        await post(client, world, world.gate_id, first, second)
        await open_gate(client, first)
        await open_gate(client, second)
        theirs = offline(world, world.passes[0], recorded_by=first.username)
        own = offline(world, world.passes[0], direction="in", recorded_by=second.username)
        result = await upload(client, second, [theirs, own])
        assert sorted(result["accepted"]) == sorted([theirs["client_id"], own["client_id"]])
        assert result["unverified_recorders"] == []
        logs = await stored(client, world)
        log = logs[theirs["client_id"]]
        assert log["logged_by"] == first.subject
        assert log["recorded_by"] == first.username
        assert log["uploaded_by"] == second.subject
        assert log["recorder_unverified"] is False
        mine = logs[own["client_id"]]  # naming oneself changes nothing
        assert (mine["logged_by"], mine["recorded_by"], mine["uploaded_by"]) == (
            second.subject,
            None,
            None,
        )

    async def test_reposting_keeps_the_learned_username(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        first, second = await volunteer(client, stack, world), await volunteer(client, stack, world)
        await post(client, world, world.gate_id, first)
        await open_gate(client, first)
        await post(client, world, world.gate_id, first, second)  # the office adds a volunteer
        log = offline(world, world.passes[0], recorded_by=first.username)
        assert (await upload(client, second, [log]))["unverified_recorders"] == []
        assert (await stored(client, world))[log["client_id"]]["logged_by"] == first.subject

    async def test_anyone_else_is_accepted_as_the_uploaders_and_flagged(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        uploader = await volunteer(client, stack, world)
        never_opened = await volunteer(client, stack, world)  # posted, username never learned
        elsewhere = await volunteer(client, stack, world)  # posted at another gate only
        other_gate = await client.post(
            "/api/v1/gate/gates",
            headers=world.staff,
            json={"community_id": str(world.community_id), "name": "西门"},
        )
        other_gate_id = uuid.UUID(other_gate.json()["id"])
        await post(client, world, world.gate_id, uploader, never_opened)
        await post(client, world, other_gate_id, elsewhere)
        await open_gate(client, uploader)
        await open_gate(client, elsewhere)
        names: list[Any] = [never_opened.username, elsewhere.username, "nobody", 12345, "x" * 300]
        logs = [offline(world, world.passes[0], direction="in", recorded_by=n) for n in names]
        result = await upload(client, uploader, logs)
        assert result["rejected"] == []
        assert sorted(result["accepted"]) == sorted(log["client_id"] for log in logs)
        assert sorted(result["unverified_recorders"]) == sorted(result["accepted"])
        saved = await stored(client, world)
        for log, name in zip(logs, names, strict=True):
            row = saved[log["client_id"]]
            assert row["logged_by"] == uploader.subject
            assert row["recorder_unverified"] is True
            assert row["recorded_by"] == str(name)[:64]
            assert row["uploaded_by"] == uploader.subject

    async def test_a_blank_name_is_no_name_and_bad_logs_are_still_refused(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        uploader = await volunteer(client, stack, world)
        await post(client, world, world.gate_id, uploader)
        blank = offline(world, world.passes[0], direction="in", recorded_by="  ")
        bad = offline(world, world.passes[0], temperature=60, recorded_by=uploader.username)
        result = await upload(client, uploader, [blank, bad])
        assert result["accepted"] == [blank["client_id"]]
        assert [r["index"] for r in result["rejected"]] == [1]
        assert result["unverified_recorders"] == []
        row = (await stored(client, world))[blank["client_id"]]
        assert (row["logged_by"], row["recorded_by"]) == (uploader.subject, None)
