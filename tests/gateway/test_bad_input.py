"""Bad input gets a clear problem+json 4xx, never a 500, and changes nothing."""

from __future__ import annotations

import httpx

from gateway.accounts.models import User
from tests.builders import headers_for, make_community
from tests.conftest import Stack

PROBLEM = "application/problem+json"


async def count_users(stack: Stack) -> int:
    from sqlalchemy import func, select

    async with stack.gateway.state.sessionmaker() as session:
        return int((await session.execute(select(func.count(User.id)))).scalar_one())


class TestMalformedRequests:
    async def test_malformed_json(self, client: httpx.AsyncClient, stack: Stack) -> None:
        admin = await headers_for(client, stack, "admin")
        before = await count_users(stack)
        response = await client.post(
            "/api/v1/auth/users",
            headers={**admin, "content-type": "application/json"},
            content=b'{"username": "x", ',
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == PROBLEM
        assert await count_users(stack) == before

    async def test_wrong_types_and_missing_fields(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        admin = await headers_for(client, stack, "admin")
        response = await client.post(
            "/api/v1/auth/users", headers=admin, json={"username": 42, "role": "staff"}
        )
        assert response.status_code == 422
        fields = {e["field"] for e in response.json()["errors"]}
        assert {"body.username", "body.password"} <= fields

    async def test_unknown_fields_are_refused(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        admin = await headers_for(client, stack, "admin")
        response = await client.post(
            "/api/v1/auth/users",
            headers=admin,
            json={"username": "abc", "password": "longenough", "role": "staff", "active": False},
        )
        assert response.status_code == 422

    async def test_proxied_validation_error_passes_through(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        staff = await headers_for(client, stack, "staff")
        response = await client.get("/api/v1/households?limit=100000", headers=staff)
        assert response.status_code == 422
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["errors"][0]["field"] == "query.limit"
        bad_id = await client.get("/api/v1/households/not-a-uuid", headers=staff)
        assert bad_id.status_code == 422

    async def test_huge_body_is_413(self, client: httpx.AsyncClient, stack: Stack) -> None:
        admin = await headers_for(client, stack, "admin")
        response = await client.post(
            "/api/v1/auth/users",
            headers={**admin, "content-type": "application/json"},
            content=b"[" + b"1," * 600_000 + b"1]",
        )
        assert response.status_code == 413
        assert response.headers["content-type"] == PROBLEM

    async def test_huge_chunked_body_is_413(self, client: httpx.AsyncClient, stack: Stack) -> None:
        admin = await headers_for(client, stack, "admin")

        async def chunks():  # type: ignore[no-untyped-def]
            for _ in range(40):
                yield b"x" * 65536

        response = await client.post(
            "/api/v1/partners",
            headers={**admin, "content-type": "application/json"},
            content=chunks(),
        )
        assert response.status_code == 413

    async def test_unknown_route_is_404_problem(self, client: httpx.AsyncClient) -> None:
        for path in ("/api/v1/nothing-here", "/api/v2/households", "/nope"):
            response = await client.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"] == PROBLEM

    async def test_wrong_method_is_405_problem(self, client: httpx.AsyncClient) -> None:
        response = await client.put("/api/v1/auth/token")
        assert response.status_code == 405
        assert response.headers["content-type"] == PROBLEM

    async def test_missing_row_is_404_not_422(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        staff = await headers_for(client, stack, "staff")
        response = await client.get(
            "/api/v1/households/00000000-0000-0000-0000-000000000000", headers=staff
        )
        assert response.status_code == 404
        assert response.json()["type"] == "/problems/household-not-found"


class TestLanguages:
    async def test_titles_follow_accept_language(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        tree = await make_community(stack)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        url = "/api/v1/households/00000000-0000-0000-0000-000000000000"
        zh = await client.get(url, headers=staff)
        en = await client.get(url, headers={**staff, "Accept-Language": "en-US,en;q=0.9"})
        assert zh.json()["title"] == "住户不存在"
        assert en.json()["title"] == "Household not found"
        own = await client.get("/api/v1/auth/me", headers={"Accept-Language": "en"})
        assert own.json()["title"] == "Not authenticated"

    async def test_request_id_is_passed_through(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/households", headers={"X-Request-ID": "abc-123"})
        assert response.headers["x-request-id"] == "abc-123"
        assert response.json()["request_id"] == "abc-123"
        fresh = await client.get("/api/v1/households")
        assert len(fresh.headers["x-request-id"]) == 32
