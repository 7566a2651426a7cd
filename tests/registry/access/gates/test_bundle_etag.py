"""The offline bundle's ETag, through the gateway to the real registry: a phone holding the current
bundle is answered 304 without a database read, and every kind of change the bundle shows ends
that (a quarantine, a revocation, a rule, an exit counted here or on another replica, a listed
pass running out). The gateway's own 304s are tests/gateway/test_bundle_cache.py's; here it
forwards every poll (`fresh_s = 0`)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from registry.access.gates import bundle
from registry.access.gates.writer import LogRow, store_for
from tests.conftest import Stack
from tests.registry.access.gates.builders import (
    GateWorld,
    log_passage,
    make_gate_world,
    set_household_status,
)

BUNDLE = "/api/v1/gate/bundle"
QUOTA = {"quota_scope": "household", "quota_exits": 3, "quota_period_days": 1}


@pytest.fixture(autouse=True)
def every_poll_forwarded(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stack.gateway.state.bundle_cache, "fresh_s", 0.0)


async def poll(
    client: httpx.AsyncClient, world: GateWorld, etag: str | None = None, **params: Any
) -> httpx.Response:
    headers = {**world.volunteer, **({"If-None-Match": etag} if etag else {})}
    return await client.get(
        BUNDLE, headers=headers, params={"community_id": str(world.community_id), **params}
    )


async def current_tag(client: httpx.AsyncClient, world: GateWorld, **params: Any) -> str:
    response = await poll(client, world, **params)
    assert response.status_code == 200, response.text
    return response.headers["etag"]


async def assert_changed(
    client: httpx.AsyncClient, world: GateWorld, old: str, **params: Any
) -> dict[str, Any]:
    """The old tag is answered 200 with a new tag, which is then answered 304."""
    response = await poll(client, world, old, **params)
    assert response.status_code == 200, response.text
    assert response.headers["etag"] != old
    assert (await poll(client, world, response.headers["etag"], **params)).status_code == 304
    body: dict[str, Any] = response.json()
    return body


class TestNotModified:
    async def test_304_with_the_tag_and_no_body(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=2)
        first = await poll(client, world)
        assert first.status_code == 200
        tag = first.headers["etag"]
        assert tag.startswith('W/"')
        assert tag.endswith('"')
        assert first.headers["cache-control"] == "private, no-cache"
        again = await poll(client, world, tag)
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == tag
        assert again.headers["cache-control"] == "private, no-cache"
        for listed in (f'"x", {tag}', tag.removeprefix("W/"), "*"):
            assert (await poll(client, world, listed)).status_code == 304
        assert (await poll(client, world, '"another"')).status_code == 200

    async def test_304_reads_no_database(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=1)
        tag = await current_tag(client, world)

        def no_session() -> None:
            raise AssertionError("a 304 opened a database session")

        sessionmaker, stack.registry.state.sessionmaker = (
            stack.registry.state.sessionmaker,
            no_session,
        )
        try:
            assert (await poll(client, world, tag)).status_code == 304
        finally:
            stack.registry.state.sessionmaker = sessionmaker

    async def test_each_since_has_its_own_tag(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=2)
        full = await poll(client, world)
        version = full.json()["version"]
        since = await current_tag(client, world, since=version)
        assert since != full.headers["etag"]
        assert (await poll(client, world, full.headers["etag"], since=version)).status_code == 200
        assert (await poll(client, world, since, since=version)).status_code == 304


class TestChangesEndThe304:
    async def test_quarantine(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=2)
        tag = await current_tag(client, world)
        household = world.tree.household_ids[0]
        await set_household_status(stack, household, "home_quarantine")
        body = await assert_changed(client, world, tag)
        assert body["quarantined_households"] == [bundle.compact_id(household)]

    async def test_revocation(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=2)
        version = (await poll(client, world)).json()["version"]
        full, since = (
            await current_tag(client, world),
            await current_tag(client, world, since=version),
        )
        revoked = world.passes[1]["id"]
        answer = await client.post(
            f"/api/v1/passes/{revoked}/revoke",
            headers=world.staff,
            json={"reason_code": "moved_out"},
        )
        assert answer.status_code == 200, answer.text
        assert (await assert_changed(client, world, full))["revoked"] == [
            bundle.compact_id(uuid.UUID(revoked))
        ]
        changes = (await assert_changed(client, world, since, since=version))["changes"]
        assert changes == [{"id": bundle.compact_id(uuid.UUID(revoked)), "status": "revoked"}]

    async def test_rule(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=1)
        tag = await current_tag(client, world)
        rule = await client.put(
            f"/api/v1/gate-rules/{world.community_id}",
            headers=world.staff,
            json={"fever_threshold": 37.5},
        )
        assert rule.status_code == 200, rule.text
        assert (await assert_changed(client, world, tag))["rules"]["fever_threshold"] == 37.5

    async def test_exit_counted_here(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=2, rule=QUOTA)
        tag = await current_tag(client, world)
        assert (await log_passage(client, world, world.passes[0]))["verdict"] == "allow"
        used = (await assert_changed(client, world, tag))["quota"]["used"]
        assert used == {bundle.compact_id(world.tree.household_ids[0]): 1}

    async def test_exit_counted_on_another_replica(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        """Its store bumps the quota version; this replica's poll reads it."""
        world = await make_gate_world(client, stack, households=1, rule=QUOTA)
        tag = await current_tag(client, world)
        household = world.tree.household_ids[0]
        state = await stack.registry.state.gate_states.community(world.community_id)
        assert state is not None
        window = state.rule.quota_window(datetime.now(state.zone))
        other = store_for(stack.registry.state.engine)
        try:
            written = await other.write([other_replicas_exit(world, household, window)])
        finally:
            other.close()
        assert written[0].inserted
        assert written[0].quota_version is not None
        assert (await poll(client, world, tag)).status_code == 304  # not polled yet
        await stack.registry.state.gate_states.refresh()
        used = (await assert_changed(client, world, tag))["quota"]["used"]
        assert used == {bundle.compact_id(household): 1}

    async def test_a_listed_pass_running_out(self, client: httpx.AsyncClient, stack: Stack) -> None:
        """The body leaves out expired passes: the tag counts those run out since."""
        world = await make_gate_world(client, stack, households=1)
        suspended = await client.post(
            f"/api/v1/passes/{world.passes[0]['id']}/suspend",
            headers=world.staff,
            json={"reason_code": "misuse"},
        )
        assert suspended.status_code == 200, suspended.text
        await current_tag(client, world)  # the state is loaded
        states = stack.registry.state.gate_states
        state = await states.community(world.community_id)
        assert state is not None
        ends = datetime.fromisoformat(world.passes[0]["valid_until"])
        second = timedelta(seconds=1)
        before, after = (bundle.etag(states, state, None, ends + d) for d in (-second, second))
        assert before != after
        assert after == bundle.etag(states, state, None, ends + 2 * second)


def other_replicas_exit(world: GateWorld, household_id: uuid.UUID, window: int) -> LogRow:
    now = datetime.now(UTC)
    client_id = uuid.uuid4()
    values = {
        "id": uuid.uuid4(),
        "client_id": client_id,
        "community_id": world.community_id,
        "gate_id": world.gate_id,
        "pass_id": uuid.UUID(world.passes[0]["id"]),
        "household_id": household_id,
        "direction": "out",
        "temperature": 36.5,
        "mask": True,
        "note": "",
        "verdict": "allow",
        "reason": None,
        "fever": False,
        "offline": False,
        "flagged": False,
        "server_reason": None,
        "logged_by": "user:other-replica",
        "recorder_unverified": False,
        "occurred_at": now,
        "received_at": now,
    }
    claim = {
        "subject_id": household_id,
        "window_index": window,
        "seq": 1,
        "community_id": world.community_id,
        "gate_log_client_id": client_id,
        "used_at": now,
    }
    return LogRow(values, claim)
