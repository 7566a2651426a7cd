"""The gate's hot routes (shouhu_common.hot_routes) answer exactly as FastAPI answers the same
routes: the suite's registry serves them directly; a second registry over the same database, with
`hot_routes` off, serves them through FastAPI. Each sits behind its own gateway, and every request
below goes to both."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from fastapi.routing import APIRoute

import gateway.main
import registry.main
from registry.access.gates.router import hot_routes
from registry.config import RegistrySettings
from shouhu_common.hot_routes import HotRoute, HotRoutes
from tests.builders import headers_for
from tests.conftest import CLIENT_IP, Stack, gateway_settings
from tests.databases import SuiteDatabases
from tests.registry.access.gates.builders import GateWorld, add_gate, make_gate_world, passage
from tests.servers import served

# differ between two requests by design (new ids, the clock), not by the path that served them
VOLATILE = {"log_id", "client_id", "occurred_at", "referral_id", "request_id"}


@pytest.fixture
async def fastapi_path(stack: Stack, databases: SuiteDatabases) -> AsyncIterator[httpx.AsyncClient]:
    plain = registry.main.create_app(
        RegistrySettings(
            database_url=databases.urls["registry"], env="test", access_log=False, hot_routes=False
        )
    )
    async with LifespanManager(plain), served(plain) as plain_url:
        gw = gateway.main.create_app(
            gateway_settings(databases.urls["gateway"], stack, registry_url=plain_url)
        )
        async with LifespanManager(gw):
            transport = httpx.ASGITransport(app=gw, client=(CLIENT_IP, 40001))
            async with httpx.AsyncClient(transport=transport, base_url="http://shouhu.test") as c:
                yield c


def shape(response: httpx.Response) -> tuple[int, str, Any]:
    """Status, media type and body, without what differs by design; a problem's field errors
    by field (the wording of a JSON syntax error is the parser's)."""
    body = response.json()
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if k not in VOLATILE}
        if "errors" in body:
            body["errors"] = sorted(e["field"] for e in body["errors"])
            body.pop("detail")
    return response.status_code, response.headers["content-type"], body


def _declared(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, str, object]]:
    for route in routes:
        if isinstance(route, APIRoute):
            for method in route.methods:
                yield method, prefix + route.path, route.endpoint
        elif hasattr(route, "original_router"):  # an included router (FastAPI ≥ 0.160)
            yield from _declared(
                route.original_router.routes, prefix + route.include_context.prefix
            )


def undeclared(app: FastAPI, routes: Sequence[HotRoute]) -> list[str]:
    """Hot routes without a FastAPI route of the same method, path and endpoint: the documented
    route and the hot one cannot drift apart."""
    declared = set(_declared(app.routes))
    return [
        f"{h.method} {h.path}" for h in routes if (h.method, h.path, h.endpoint) not in declared
    ]


def test_hot_routes_are_declared_and_dispatched(stack: Stack) -> None:
    routes = hot_routes("/api/v1/gate")
    assert undeclared(stack.registry, routes) == []
    assert any(m.cls is HotRoutes for m in stack.registry.user_middleware)
    assert undeclared(stack.registry, [*routes[:1], *hot_routes("/api/v1/elsewhere")]) == [
        "POST /api/v1/elsewhere/verify",
        "POST /api/v1/elsewhere/logs",
    ]


JSON = "application/json"


def requests(world: GateWorld, other_gate: str) -> list[tuple[str, dict[str, Any] | bytes, str]]:
    p = world.passes[0]
    token = p["token"]
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    return [
        ("/verify", {"gate_id": str(world.gate_id), "token": token}, JSON),
        (
            "/verify",
            {"gate_id": str(world.gate_id), "pass_number": p["number"], "direction": "in"},
            JSON,
        ),
        ("/verify", {"gate_id": str(world.gate_id), "token": forged}, JSON),
        ("/verify", {"gate_id": str(world.gate_id), "token": "not a token"}, JSON),
        (
            "/verify",
            {"gate_id": str(world.gate_id), "token": token, "pass_number": p["number"]},
            JSON,
        ),
        ("/verify", {"gate_id": str(world.gate_id)}, JSON),
        ("/verify", {"gate_id": other_gate, "token": token}, JSON),
        ("/verify", {"gate_id": str(uuid.uuid4()), "token": token}, JSON),
        ("/logs", passage(world, p, direction="in"), JSON),
        ("/logs", passage(world, world.passes[1], temperature=38.2), JSON),
        ("/logs", passage(world, p, temperature=29.9), JSON),
        ("/logs", passage(world, p, temperature="hot", direction="sideways"), JSON),
        ("/logs", passage(world, p, client_id="not-a-uuid", note="x" * 201), JSON),
        ("/logs", passage(world, p, gate_id=other_gate), JSON),
        ("/logs", b'{"gate_id": ', JSON),
        ("/logs", b"", JSON),
        ("/logs", b"[]", JSON),
        ("/logs", b"[" * 1000 + b"]" * 1000, JSON),
        ("/verify", b'{"gate_id":' + b"[" * 1000 + b"]" * 1000 + b"}", JSON),
        ("/logs", passage(world, p), "text/plain"),
        ("/logs", passage(world, p), "application/problem+json"),
        ("/logs", passage(world, p), ""),
    ]


async def test_both_paths_answer_alike(
    client: httpx.AsyncClient, stack: Stack, fastapi_path: httpx.AsyncClient
) -> None:
    world = await make_gate_world(client, stack, households=2)
    other_gate = await add_gate(client, world, "西门")
    grid = await headers_for(client, stack, "grid_worker", [world.community_id])
    cases = requests(world, other_gate)
    for headers in (world.volunteer, grid, {}):
        for path, body, content_type in cases:
            answers = []
            for caller in (client, fastapi_path):
                if isinstance(body, dict) and "client_id" in body:
                    body = {**body, "client_id": str(uuid.uuid4())}  # not a retry of the other
                response = await caller.post(
                    "/api/v1/gate" + path,
                    headers={**headers, "content-type": content_type},
                    content=body if isinstance(body, bytes) else json.dumps(body).encode(),
                )
                answers.append(shape(response))
            assert answers[0] == answers[1], (path, body)
            assert answers[0][0] != 500
    # both paths logged the same passages (each its own copy)
    logs = await client.get("/api/v1/gate/logs", headers=world.staff)
    assert logs.json()["total"] > 0
    assert logs.json()["total"] % 2 == 0
