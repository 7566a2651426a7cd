"""Which credentials reach which routes: bearer tokens, partner keys, resident access codes."""

from __future__ import annotations

import time

import httpx
import jwt

from gateway.security import ALGORITHM, AUDIENCE, ISSUER
from tests.builders import headers_for, make_community, make_partner, make_partner_key
from tests.conftest import Stack


def forged(secret: str, **claims: object) -> str:
    now = int(time.time())
    base = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 600,
        "jti": "x",
        "sub": "user:evil",
        "role": "admin",
        "com": [],
    }
    return jwt.encode({**base, **claims}, secret, algorithm=ALGORITHM)


class TestBearerTokens:
    async def test_absent_token_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/households")
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"

    async def test_forged_token_is_401(self, client: httpx.AsyncClient) -> None:
        token = forged("not-the-gateway-secret-but-32-bytes-long")
        response = await client.get(
            "/api/v1/households", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401

    async def test_expired_token_is_401(self, client: httpx.AsyncClient, stack: Stack) -> None:
        secret = stack.gateway.state.settings.jwt_secret
        token = forged(secret, iat=int(time.time()) - 1000, exp=int(time.time()) - 10)
        response = await client.get(
            "/api/v1/households", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401

    async def test_wrong_scheme_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/households", headers={"Authorization": "Basic eDp5"})
        assert response.status_code == 401

    async def test_staff_reads_households_of_their_community(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        mine = await make_community(stack, "枫林社区", households=3)
        await make_community(stack, "别的社区", households=2)
        staff = await headers_for(client, stack, "staff", [mine.community_id])
        response = await client.get("/api/v1/households?limit=2", headers=staff)
        assert response.status_code == 200
        page = response.json()
        assert page["total"] == 3
        assert len(page["items"]) == 2
        assert page["items"][0]["contact_phone"].count("*") == 4


class TestPartnerKeys:
    async def test_partner_key_works_on_partner_routes_only(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        tree = await make_community(stack)
        partner_id = await make_partner(stack, tree.community_id)
        key = {"X-API-Key": await make_partner_key(stack, partner_id, tree.community_id)}
        me = await client.get("/api/v1/partners/me", headers=key)
        assert me.status_code == 200
        assert me.json()["id"] == str(partner_id)
        assert (await client.get("/api/v1/households", headers=key)).status_code == 403
        assert (await client.post("/api/v1/auth/users", headers=key, json={})).status_code in (
            403,
            422,
        )

    async def test_staff_token_on_partner_route_is_403(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        staff = await headers_for(client, stack, "staff")
        assert (await client.get("/api/v1/partners/me", headers=staff)).status_code == 403

    async def test_unknown_key_is_401(self, client: httpx.AsyncClient) -> None:
        for key in ("shk_deadbeef_nothing", "garbage"):
            response = await client.get("/api/v1/partners/me", headers={"X-API-Key": key})
            assert response.status_code == 401

    async def test_issue_rotate_revoke(self, client: httpx.AsyncClient, stack: Stack) -> None:
        tree = await make_community(stack)
        partner_id = await make_partner(stack, tree.community_id)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        issued = await client.post(
            "/api/v1/auth/partner-keys", headers=staff, json={"partner_id": str(partner_id)}
        )
        assert issued.status_code == 201
        first = issued.json()
        assert first["api_key"].startswith("shk_")
        listed = (await client.get("/api/v1/auth/partner-keys", headers=staff)).json()
        assert "api_key" not in listed[0]
        ok = await client.get("/api/v1/partners/me", headers={"X-API-Key": first["api_key"]})
        assert ok.status_code == 200

        rotated = await client.post(
            f"/api/v1/auth/partner-keys/{first['id']}/rotate", headers=staff
        )
        assert rotated.status_code == 201
        old = await client.get("/api/v1/partners/me", headers={"X-API-Key": first["api_key"]})
        assert old.status_code == 401
        new_key = {"X-API-Key": rotated.json()["api_key"]}
        assert (await client.get("/api/v1/partners/me", headers=new_key)).status_code == 200

        revoked = await client.delete(
            f"/api/v1/auth/partner-keys/{rotated.json()['id']}", headers=staff
        )
        assert revoked.status_code == 200
        assert (await client.get("/api/v1/partners/me", headers=new_key)).status_code == 401

    async def test_key_for_another_communitys_partner_is_404(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        mine = await make_community(stack, "甲")
        other = await make_community(stack, "乙")
        partner_id = await make_partner(stack, other.community_id)
        staff = await headers_for(client, stack, "staff", [mine.community_id])
        response = await client.post(
            "/api/v1/auth/partner-keys", headers=staff, json={"partner_id": str(partner_id)}
        )
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


class TestResidents:
    async def test_access_code_gives_own_household_only(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        tree = await make_community(stack, households=2)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        issued = await client.post(
            "/api/v1/auth/access-codes",
            headers=staff,
            json={"household_id": str(tree.household_ids[0])},
        )
        assert issued.status_code == 201
        code = issued.json()["access_code"]
        token = await client.post("/api/v1/auth/resident-token", json={"access_code": code})
        assert token.status_code == 200
        resident = {"Authorization": f"Bearer {token.json()['access_token']}"}
        own = await client.get(f"/api/v1/households/{tree.household_ids[0]}", headers=resident)
        assert own.status_code == 200
        other = await client.get(f"/api/v1/households/{tree.household_ids[1]}", headers=resident)
        assert other.status_code == 404
        assert (await client.get("/api/v1/households", headers=resident)).status_code == 403

    async def test_reissued_code_replaces_the_old_one(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        tree = await make_community(stack, households=1)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        body = {"household_id": str(tree.household_ids[0])}
        first = (await client.post("/api/v1/auth/access-codes", headers=staff, json=body)).json()
        await client.post("/api/v1/auth/access-codes", headers=staff, json=body)
        response = await client.post(
            "/api/v1/auth/resident-token", json={"access_code": first["access_code"]}
        )
        assert response.status_code == 401
