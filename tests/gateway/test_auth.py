"""Staff sign-in, refresh, sign-out, lockout and rate limits."""

from __future__ import annotations

import httpx

from tests.builders import PASSWORD, headers_for, make_community, make_user, sign_in
from tests.conftest import Stack

PROBLEM = "application/problem+json"


class TestSignIn:
    async def test_token_reads_through_the_gateway(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        await make_user(stack, "li", "staff")
        response = await client.post(
            "/api/v1/auth/token", data={"username": "li", "password": PASSWORD}
        )
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "bearer"
        assert body["role"] == "staff"
        assert body["expires_in"] == 15 * 60
        me = await client.get(
            "/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert me.json()["role"] == "staff"

    async def test_wrong_password_is_a_problem(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        await make_user(stack, "li", "staff")
        response = await client.post(
            "/api/v1/auth/token", data={"username": "li", "password": "nope-nope"}
        )
        assert response.status_code == 401
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["type"] == "/problems/bad-credentials"

    async def test_unknown_user_looks_like_a_wrong_password(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.post(
            "/api/v1/auth/token", data={"username": "ghost", "password": "whatever1"}
        )
        assert response.status_code == 401
        assert response.json()["type"] == "/problems/bad-credentials"

    async def test_missing_form_fields_are_422(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/api/v1/auth/token", data={"username": "li"})
        assert response.status_code == 422
        assert any(e["field"] == "body.password" for e in response.json()["errors"])

    async def test_repeated_failures_lock_the_account(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        await make_user(stack, "li", "staff")
        for _ in range(5):
            r = await client.post("/api/v1/auth/token", data={"username": "li", "password": "x"})
            assert r.status_code == 401
        locked = await client.post(
            "/api/v1/auth/token", data={"username": "li", "password": PASSWORD}
        )
        assert locked.status_code == 423
        assert locked.json()["type"] == "/problems/account-locked"

    async def test_login_is_rate_limited_per_account(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        responses = [
            await client.post("/api/v1/auth/token", data={"username": "z", "password": "x"})
            for _ in range(12)
        ]
        statuses = [r.status_code for r in responses]
        assert statuses[:5] == [401] * 5
        assert statuses[-1] == 429  # the limit is 10 a minute per account
        assert responses[-1].json()["type"] == "/problems/rate-limited"
        assert int(responses[-1].headers["retry-after"]) >= 1


class TestRefreshAndLogout:
    async def test_refresh_rotates(self, client: httpx.AsyncClient, stack: Stack) -> None:
        await make_user(stack, "li", "staff")
        first = (
            await client.post("/api/v1/auth/token", data={"username": "li", "password": PASSWORD})
        ).json()
        second = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
        )
        assert second.status_code == 200
        assert second.json()["refresh_token"] != first["refresh_token"]
        reused = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
        )
        assert reused.status_code == 401

    async def test_logout_revokes_the_access_token(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        await make_user(stack, "li", "staff")
        token = await sign_in(client, "li")
        auth = {"Authorization": f"Bearer {token}"}
        assert (await client.get("/api/v1/auth/me", headers=auth)).status_code == 200
        assert (await client.post("/api/v1/auth/logout", headers=auth)).status_code == 204
        after = await client.get("/api/v1/auth/me", headers=auth)
        assert after.status_code == 401
        # a fresh process (empty cache) refuses it too: the revocation is in the database
        stack.gateway.state.authenticator._tokens.clear()
        assert (await client.get("/api/v1/auth/me", headers=auth)).status_code == 401


class TestUserAdministration:
    async def test_admin_creates_staff(self, client: httpx.AsyncClient, stack: Stack) -> None:
        admin = await headers_for(client, stack, "admin")
        created = await client.post(
            "/api/v1/auth/users",
            headers=admin,
            json={"username": "wang", "password": "longenough", "role": "grid_worker"},
        )
        assert created.status_code == 201
        assert await sign_in(client, "wang", "longenough")

    async def test_residents_are_not_staff_accounts(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        admin = await headers_for(client, stack, "admin")
        response = await client.post(
            "/api/v1/auth/users",
            headers=admin,
            json={"username": "res", "password": "longenough", "role": "resident"},
        )
        assert response.status_code == 422

    async def test_staff_cannot_create_users(self, client: httpx.AsyncClient, stack: Stack) -> None:
        staff = await headers_for(client, stack, "staff")
        response = await client.post(
            "/api/v1/auth/users",
            headers=staff,
            json={"username": "x1", "password": "longenough", "role": "staff"},
        )
        assert response.status_code == 403


async def test_staff_see_their_grid_workers_by_name(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    ours = await make_community(stack, name="本社区")
    theirs = await make_community(stack, name="别的社区")
    grid = await make_user(stack, "grid-ours", "grid_worker", [ours.community_id])
    await make_user(stack, "grid-theirs", "grid_worker", [theirs.community_id])
    await make_user(stack, "staff-ours", "staff", [ours.community_id])
    staff = await headers_for(client, stack, "staff", [ours.community_id])
    response = await client.get("/api/v1/auth/grid-workers", headers=staff)
    assert response.status_code == 200, response.text
    assert response.json() == [
        {"subject": f"user:{grid.id}", "username": "grid-ours", "display_name": "grid-ours"}
    ]
    elsewhere = {"community_id": str(theirs.community_id)}
    other = await client.get("/api/v1/auth/grid-workers", headers=staff, params=elsewhere)
    assert other.json() == []
    admin = await headers_for(client, stack, "admin")
    everyone = await client.get("/api/v1/auth/grid-workers", headers=admin, params=elsewhere)
    assert [n["username"] for n in everyone.json()] == ["grid-theirs"]
