"""An upstream that is down (a port that refuses connections) or slow (a peer that never answers):
503/504 problems within the timeout; the other service and the gateway's own routes keep working;
/readyz names the one that is not ready."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

import gateway.main
from gateway.clients.base import UpstreamClient
from shouhu_common.identity import InternalTokenSigner
from shouhu_common.problems import UpstreamTimeout, UpstreamUnavailable
from tests.builders import make_community, make_user, sign_in
from tests.conftest import Stack, gateway_settings
from tests.databases import SuiteDatabases
from tests.servers import refusing_port, served, stalled_peer


async def faulty_gateway(
    stack: Stack, databases: SuiteDatabases, supplies_url: str
) -> AsyncIterator[httpx.AsyncClient]:
    """A second gateway on the same databases whose supplies upstream is at `supplies_url`."""
    app = gateway.main.create_app(
        gateway_settings(
            databases.urls["gateway"], stack, supplies_url=supplies_url, upstream_timeout_s=0.5
        )
    )
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://shouhu.test") as c:
            yield c


@pytest.fixture
async def supplies_down(
    client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
) -> AsyncIterator[httpx.AsyncClient]:
    """Supplies at a port that refuses connections."""
    with refusing_port() as url:
        async for c in faulty_gateway(stack, databases, url):
            yield c


@pytest.fixture
async def supplies_slow(
    client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
) -> AsyncIterator[httpx.AsyncClient]:
    """Supplies accepts connections and never answers."""
    async with stalled_peer() as url:
        async for c in faulty_gateway(stack, databases, url):
            yield c


class TestUpstreamDown:
    async def test_down_service_is_503_and_the_other_works(
        self, supplies_down: httpx.AsyncClient, stack: Stack
    ) -> None:
        tree = await make_community(stack)
        await make_user(stack, "li", "staff", [tree.community_id])
        auth = {"Authorization": f"Bearer {await sign_in(supplies_down, 'li')}"}
        down = await supplies_down.get("/api/v1/partners", headers=auth)
        assert down.status_code == 503
        assert down.headers["content-type"] == "application/problem+json"
        assert down.json()["type"] == "/problems/upstream-unavailable"
        up = await supplies_down.get("/api/v1/households", headers=auth)
        assert up.status_code == 200

    async def test_readyz_names_the_down_service(self, supplies_down: httpx.AsyncClient) -> None:
        response = await supplies_down.get("/readyz")
        assert response.status_code == 503
        assert response.json()["not_ready"] == ["supplies"]

    async def test_the_gateway_alone_stays_ready_for_load_balancers(
        self, supplies_down: httpx.AsyncClient
    ) -> None:
        response = await supplies_down.get("/readyz", params={"scope": "self"})
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "migrations": "head"}
        assert (await supplies_down.get("/readyz", params={"scope": "x"})).status_code == 422

    async def test_openapi_still_served_marked_incomplete(
        self, supplies_down: httpx.AsyncClient
    ) -> None:
        document = (await supplies_down.get("/openapi.json")).json()
        assert document["x-incomplete"] == ["supplies"]
        assert "/api/v1/households" in document["paths"]


class TestUpstreamSlow:
    async def test_timeout_is_504(self, supplies_slow: httpx.AsyncClient, stack: Stack) -> None:
        await make_user(stack, "li", "staff")
        auth = {"Authorization": f"Bearer {await sign_in(supplies_slow, 'li')}"}
        started = time.monotonic()
        response = await supplies_slow.get("/api/v1/partners", headers=auth)
        assert response.status_code == 504
        assert response.json()["type"] == "/problems/upstream-timeout"
        assert time.monotonic() - started < 2.0

    async def test_readyz_names_the_slow_service(self, supplies_slow: httpx.AsyncClient) -> None:
        response = await supplies_slow.get("/readyz")
        assert response.status_code == 503
        assert response.json()["not_ready"] == ["supplies"]


class TestTypedClient:
    """The typed clients' own session (readiness, OpenAPI, composed views) against real sockets."""

    async def test_silent_peer_is_a_timeout_and_refusing_port_is_unavailable(self) -> None:
        signer = InternalTokenSigner("dev-only")
        async with stalled_peer() as slow_url:
            with refusing_port() as down_url:
                slow = UpstreamClient(slow_url, signer, timeout_s=0.5, connect_timeout_s=0.5)
                down = UpstreamClient(down_url, signer, timeout_s=0.5, connect_timeout_s=0.5)
                try:
                    started = time.monotonic()
                    with pytest.raises(UpstreamTimeout):
                        await slow.request("GET", "/readyz")
                    assert time.monotonic() - started < 2.0
                    with pytest.raises(UpstreamUnavailable):
                        await down.request("GET", "/readyz")
                finally:
                    await slow.aclose()
                    await down.aclose()


@pytest.fixture
async def supplies_hangs_on_writes(
    client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
) -> AsyncIterator[httpx.AsyncClient]:
    """A supplies that publishes POST /api/v1/orders, and takes it but never answers."""
    from fastapi import FastAPI

    slow = FastAPI()

    @slow.post("/api/v1/orders")
    async def place() -> None:
        await asyncio.sleep(30)

    async with served(slow) as url:
        async for c in faulty_gateway(stack, databases, url):
            yield c


async def test_a_write_that_may_have_happened_says_so_and_that_a_retry_is_safe(
    supplies_hangs_on_writes: httpx.AsyncClient, stack: Stack
) -> None:
    await make_user(stack, "li", "staff")
    auth = {"Authorization": f"Bearer {await sign_in(supplies_hangs_on_writes, 'li')}"}
    response = await supplies_hangs_on_writes.post("/api/v1/orders", headers=auth, json={})
    assert response.status_code == 504
    assert "outcome is unknown" in response.json()["detail"]
    assert "safe" in response.json()["detail"]


@pytest.fixture
async def one_supplies_replica_down(
    client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
) -> AsyncIterator[httpx.AsyncClient]:
    """Supplies listed as two replicas, the first at a port that refuses connections."""
    with refusing_port() as down_url:
        async for c in faulty_gateway(stack, databases, f"{down_url},{stack.supplies_url}"):
            yield c


async def test_a_replica_that_is_down_is_passed_over_for_reads_writes_and_readiness(
    one_supplies_replica_down: httpx.AsyncClient, stack: Stack
) -> None:
    gateway = one_supplies_replica_down
    tree = await make_community(stack)
    await make_user(stack, "li", "admin", [tree.community_id])
    auth = {"Authorization": f"Bearer {await sign_in(gateway, 'li')}"}
    for _ in range(4):  # each address comes first in turn
        assert (await gateway.get("/api/v1/partners", headers=auth)).status_code == 200
    created = await gateway.post(
        "/api/v1/partners",
        headers=auth | {"Idempotency-Key": "replica-down-partner"},
        json={"community_id": str(tree.community_id), "name": "邻里超市", "kind": "supermarket"},
    )
    assert created.status_code == 201, created.text
    assert (await gateway.get("/readyz")).status_code == 200
    assert (await gateway.get("/openapi.json")).json().get("x-incomplete") is None


def test_upstream_lists_are_checked_at_start_up() -> None:
    from gateway.upstreams import UpstreamAddresses, parse_upstream_urls

    assert parse_upstream_urls(" http://a:1/, http://b:2 ") == ("http://a:1", "http://b:2")
    for bad in ("", "a:1", "http://a:1,http://a:1", "ftp://a", "http://a:1?x=1"):
        with pytest.raises(ValueError, match="URL"):
            parse_upstream_urls(bad)
    addresses = UpstreamAddresses("http://a:1,http://b:2,http://c:3")
    firsts = {addresses.in_turn()[0] for _ in range(3)}
    assert firsts == {"http://a:1", "http://b:2", "http://c:3"}
    addresses.set_aside("http://b:2")
    for _ in range(3):
        assert addresses.in_turn()[-1] == "http://b:2"
    addresses.answered("http://b:2")
    assert {addresses.in_turn()[-1] for _ in range(3)} == set(addresses.urls)
