"""The gateway answers a gate phone's poll of its unchanged offline bundle 304 itself, for a second
after the registry confirmed that tag to a caller of the same community and role, and never to
anyone the registry would have refused: those are forwarded and refused as before."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx
import pytest

from gateway.bundle_cache import BundleCache
from shouhu_common.identity import Principal, Role
from tests.builders import headers_for
from tests.conftest import Stack
from tests.registry.access.gates.builders import GateWorld, make_gate_world, set_household_status

BUNDLE = "/api/v1/gate/bundle"


@pytest.fixture
def forwarded(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the gateway forwarded to a service, in order."""
    forwarder = stack.gateway.state.forwarder
    sent: list[str] = []
    forward = forwarder.forward

    async def counting(owner: Any, request: Any, principal: Any, body: bytes) -> Any:
        sent.append(request.scope["path"])
        return await forward(owner, request, principal, body)

    monkeypatch.setattr(forwarder, "forward", counting)
    return sent


async def poll(
    client: httpx.AsyncClient,
    community_id: uuid.UUID,
    headers: dict[str, str],
    etag: str | None = None,
) -> httpx.Response:
    if etag is not None:
        headers = {**headers, "If-None-Match": etag}
    return await client.get(BUNDLE, headers=headers, params={"community_id": str(community_id)})


async def tag_of(client: httpx.AsyncClient, world: GateWorld) -> str:
    response = await poll(client, world.community_id, world.volunteer)
    assert response.status_code == 200, response.text
    return response.headers["etag"]


class TestAnsweredByTheGateway:
    async def test_a_repeated_poll_is_not_forwarded(
        self, client: httpx.AsyncClient, stack: Stack, forwarded: list[str]
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        tag = await tag_of(client, world)
        other_volunteer = await headers_for(client, stack, "gate_volunteer", [world.community_id])
        before = len(forwarded)
        for headers in (world.volunteer, other_volunteer, world.volunteer):
            response = await poll(client, world.community_id, headers, tag)
            assert response.status_code == 304
            assert response.content == b""
            assert response.headers["etag"] == tag
            assert response.headers["cache-control"] == "private, no-cache"
        assert len(forwarded) == before
        assert (await poll(client, world.community_id, world.volunteer)).status_code == 200
        assert len(forwarded) == before + 1  # without If-None-Match: the body, from the registry

    async def test_a_change_is_seen_once_the_tag_is_a_second_old(
        self, client: httpx.AsyncClient, stack: Stack, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(stack.gateway.state.bundle_cache, "fresh_s", 0.3)
        world = await make_gate_world(client, stack, households=1)
        tag = await tag_of(client, world)
        await set_household_status(stack, world.tree.household_ids[0], "home_quarantine")
        assert (await poll(client, world.community_id, world.volunteer, tag)).status_code == 304
        await asyncio.sleep(0.35)
        changed = await poll(client, world.community_id, world.volunteer, tag)
        assert changed.status_code == 200
        assert changed.json()["quarantined_households"] != []

    async def test_off_when_fresh_s_is_zero(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        forwarded: list[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setattr(stack.gateway.state.bundle_cache, "fresh_s", 0.0)
        world = await make_gate_world(client, stack, households=1)
        tag = await tag_of(client, world)
        before = len(forwarded)
        assert (await poll(client, world.community_id, world.volunteer, tag)).status_code == 304
        assert len(forwarded) == before + 1  # the registry's own 304


class TestNeverToWhomTheRegistryWouldRefuse:
    async def test_refused_as_before(
        self, client: httpx.AsyncClient, stack: Stack, forwarded: list[str]
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        other = await make_gate_world(client, stack, households=1, name="别的社区")
        tag = await tag_of(client, world)
        grid_worker = await headers_for(client, stack, "grid_worker", [world.community_id])
        for headers, status in (
            ({}, 401),
            ({"Authorization": "Bearer not-a-token"}, 401),
            (other.volunteer, 404),  # another community's volunteer
            (grid_worker, 403),  # this community, a role that may not read bundles
        ):
            response = await poll(client, world.community_id, headers, tag)
            assert response.status_code == status, response.text
            assert response.headers["content-type"] == "application/problem+json"
        assert forwarded.count(BUNDLE) == 3  # the 200 above, the 404 and the 403

    async def test_another_scope_is_asked_upstream(
        self, client: httpx.AsyncClient, stack: Stack, forwarded: list[str]
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        tag = await tag_of(client, world)
        before = len(forwarded)
        staff = await poll(client, world.community_id, world.staff, tag)
        assert staff.status_code == 304  # the registry's answer, to staff of the community
        assert len(forwarded) == before + 1

    async def test_another_communitys_tag_is_no_match(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        other = await make_gate_world(client, stack, households=1, name="别的社区")
        mine, theirs = await tag_of(client, world), await tag_of(client, other)
        assert mine != theirs
        answer = await poll(client, world.community_id, world.volunteer, theirs)
        assert answer.status_code == 200
        assert answer.headers["etag"] == mine
        assert answer.json()["community_id"] == str(world.community_id)


def _scope(query: bytes, if_none_match: bytes | None = None) -> dict[str, Any]:
    headers = [(b"if-none-match", if_none_match)] if if_none_match is not None else []
    return {"method": "GET", "path": BUNDLE, "query_string": query, "headers": headers}


class TestCache:
    volunteer = Principal("user:v", Role.gate_volunteer, (uuid.uuid4(),))
    etag = [(b"etag", b'W/"1-0-abc"'), (b"cache-control", b"private, no-cache")]

    def test_bounded(self) -> None:
        cache = BundleCache(fresh_s=60, max_entries=2)
        for n in range(3):
            cache.learn(_scope(b"q=%d" % n), self.volunteer, 200, self.etag, time.perf_counter())
        found = [
            cache.not_modified(_scope(b"q=%d" % n, b'W/"1-0-abc"'), self.volunteer)
            for n in range(3)
        ]
        assert found[0] is None
        assert found[1] == found[2] == self.etag

    def test_learned_only_from_a_200_or_304_with_a_tag(self) -> None:
        cache = BundleCache(fresh_s=60)
        asked = _scope(b"q", b'"1-0-abc"')
        cache.learn(_scope(b"q"), self.volunteer, 404, self.etag, time.perf_counter())
        cache.learn(_scope(b"q"), self.volunteer, 200, [], time.perf_counter())
        assert cache.not_modified(asked, self.volunteer) is None
        cache.learn(_scope(b"q"), self.volunteer, 304, self.etag, time.perf_counter())
        assert cache.not_modified(asked, self.volunteer) == self.etag
        cache.learn(_scope(b"q"), self.volunteer, 503, [], time.perf_counter())  # forgets
        assert cache.not_modified(asked, self.volunteer) is None

    def test_an_older_request_answered_late_does_not_win(self) -> None:
        cache = BundleCache(fresh_s=60)
        newer = [(b"etag", b'W/"2-0-def"')]
        sent = time.perf_counter()
        cache.learn(_scope(b"q"), self.volunteer, 200, newer, sent + 1)
        cache.learn(_scope(b"q"), self.volunteer, 200, self.etag, sent)
        assert cache.not_modified(_scope(b"q", b'W/"2-0-def"'), self.volunteer) == newer
        other = Principal("user:w", Role.gate_volunteer, (uuid.uuid4(),))
        assert cache.not_modified(_scope(b"q", b'W/"2-0-def"'), other) is None
