"""Every public JSON route, through the gateway, against bodies an attacker or a broken client
sends: nested a thousand levels deep, nearly as large as allowed, cut off, not UTF-8, not an
object. Each must answer a 4xx problem, never a 500. The routes come from the route × role table,
which the published OpenAPI keeps complete, so a new route is covered without being named here.
"""

from __future__ import annotations

import httpx
import pytest

from shouhu_common.identity import Role
from tests.conftest import Stack
from tests.test_route_roles import ROUTES, credentials, permitted

DEPTH = 1_000
HOSTILE_BODIES: dict[str, bytes] = {
    "nested arrays": b"[" * DEPTH + b"]" * DEPTH,
    "nested objects": b'{"a":' * DEPTH + b"1" + b"}" * DEPTH,
    "nested in a field": b'{"household_id":' + b"[" * DEPTH + b"]" * DEPTH + b"}",
    "nearly the size limit": b'{"note": "' + b"x" * 1_000_000 + b'"}',
    "cut off": b'{"household_id": "0b9f',
    "not UTF-8": b'{"name": "\xff\xfe\xfd"}',
    "not an object": b"12345",
    "null": b"null",
}
SKIPPED = {("POST", "/api/v1/auth/logout")}  # would end the session the others run on


def _body_routes() -> list[tuple[str, str]]:
    return sorted(
        (method, path)
        for method, path in ROUTES
        if method in ("POST", "PUT", "PATCH") and (method, path) not in SKIPPED
    )


def _caller(rule: object) -> Role:
    """A role the route admits, so the body is what gets refused, not the caller."""
    return next(role for role in Role if permitted(rule, role))  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", list(HOSTILE_BODIES))
async def test_every_json_route_answers_a_hostile_body_with_a_4xx_problem(
    client: httpx.AsyncClient, stack: Stack, kind: str
) -> None:
    headers, params = await credentials(client, stack)
    body = HOSTILE_BODIES[kind]
    wrong: list[str] = []
    for method, template in _body_routes():
        role = _caller(ROUTES[(method, template)])
        request_headers = {**headers[role], "Content-Type": "application/json"}
        path = template.format(**params)
        response = await client.request(method, path, content=body, headers=request_headers)
        status = response.status_code
        problem = response.headers.get("content-type", "").startswith("application/problem+json")
        if not 400 <= status < 500 or not problem:
            wrong.append(f"{method} {path} as {role}: {status} {response.text[:120]}")
    assert wrong == []
