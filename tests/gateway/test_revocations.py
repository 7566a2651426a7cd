"""Ending credentials on one gateway replica ends them on the others at once (gateway/
revocations.py): replica B has just accepted, and cached, a credential; replica A signs it out,
signs the account out everywhere, disables it or changes its password, revokes or rotates the
partner key, or issues the household a new access code; B refuses it within a second, where its
cache alone would have kept it 30 s (as it does without Redis). Refresh tokens are one-use across
replicas."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from gateway.security import sha256_hex
from tests.builders import PASSWORD, headers_for, make_community, make_partner, make_user
from tests.conftest import Stack
from tests.databases import SuiteDatabases
from tests.gateway.replicas import ME, Replica, fresh_redis, refused_within, replica

PROPAGATION_LIMIT_S = 1.0


@pytest.fixture
async def pair(
    client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
) -> AsyncIterator[tuple[Replica, Replica]]:
    """Replicas A and B sharing the suite's databases and services and one Redis."""
    async with (
        fresh_redis() as url,
        replica(stack, databases, url) as a,
        replica(stack, databases, url) as b,
    ):
        await a.listening()
        await b.listening()
        yield a, b


async def _sign_in(replica: Replica, username: str) -> dict:
    response = await replica.http.post(
        "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def _bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def _cached_on(b: Replica, path: str, headers: dict[str, str]) -> None:
    assert await b.status(path, headers) == 200
    authenticator = b.app.state.authenticator
    assert authenticator.cache_seconds == 30.0
    if "X-API-Key" in headers:
        assert sha256_hex(headers["X-API-Key"]) in authenticator._keys
    else:
        assert headers["Authorization"].removeprefix("Bearer ") in authenticator._tokens


ENDINGS = {
    "sign-out-everywhere": ("POST", "/sign-out-everywhere", None),
    "disable": ("POST", "/disable", None),
    "new-password": ("PATCH", "", {"password": "another-password-2020"}),
}


@pytest.mark.parametrize("ending", sorted(ENDINGS))
async def test_an_account_ended_on_a_is_refused_on_b(
    ending: str, pair: tuple[Replica, Replica], stack: Stack
) -> None:
    a, b = pair
    admin = await headers_for(a.http, stack, "admin")
    user = await make_user(stack, "lost-phone", "gate_volunteer")
    tokens = await _sign_in(a, "lost-phone")
    await _cached_on(b, ME, _bearer(tokens))
    method, suffix, body = ENDINGS[ending]
    url = f"/api/v1/auth/users/{user.id}{suffix}"
    done = await a.http.request(method, url, headers=admin, json=body)
    assert done.status_code == 200, done.text
    took = await refused_within(lambda: b.status(ME, _bearer(tokens)), PROPAGATION_LIMIT_S)
    print(f"{ending}: refused on B {took * 1000:.1f} ms after A answered")
    refresh = {"refresh_token": tokens["refresh_token"]}
    assert (await b.http.post("/api/v1/auth/refresh", json=refresh)).status_code == 401


async def test_a_sign_out_on_a_ends_the_token_and_its_refresh_on_b(
    pair: tuple[Replica, Replica], stack: Stack
) -> None:
    a, b = pair
    await make_user(stack, "wang", "staff")
    tokens, other = await _sign_in(a, "wang"), await _sign_in(a, "wang")
    await _cached_on(b, ME, _bearer(tokens))
    assert await b.status(ME, _bearer(other)) == 200
    body = {"refresh_token": tokens["refresh_token"]}
    out = await a.http.post("/api/v1/auth/logout", headers=_bearer(tokens), json=body)
    assert out.status_code == 204
    took = await refused_within(lambda: b.status(ME, _bearer(tokens)), PROPAGATION_LIMIT_S)
    print(f"sign-out: refused on B {took * 1000:.1f} ms after A answered")
    assert (await b.http.post("/api/v1/auth/refresh", json=body)).status_code == 401
    assert len(b.app.state.authenticator._tokens) == 1  # the account's other session goes on
    assert await b.status(ME, _bearer(other)) == 200


@pytest.mark.parametrize("change", ["revoke", "rotate"])
async def test_a_partner_key_revoked_on_a_is_refused_on_b(
    change: str, pair: tuple[Replica, Replica], stack: Stack
) -> None:
    a, b = pair
    tree = await make_community(stack, households=0)
    partner_id = await make_partner(stack, tree.community_id)
    staff = await headers_for(a.http, stack, "staff", [tree.community_id])
    body = {"partner_id": str(partner_id)}
    key, other = [
        (await a.http.post("/api/v1/auth/partner-keys", headers=staff, json=body)).json()
        for _ in range(2)
    ]
    path, headers = "/api/v1/partners/me", {"X-API-Key": key["api_key"]}
    await _cached_on(b, path, headers)
    assert await b.status(path, {"X-API-Key": other["api_key"]}) == 200
    url = f"/api/v1/auth/partner-keys/{key['id']}"
    if change == "revoke":
        done = await a.http.delete(url, headers=staff)
    else:
        done = await a.http.post(f"{url}/rotate", headers=staff)
    assert done.status_code in (200, 201), done.text
    took = await refused_within(lambda: b.status(path, headers), PROPAGATION_LIMIT_S)
    print(f"partner key {change}: refused on B {took * 1000:.1f} ms after A answered")
    assert len(b.app.state.authenticator._keys) == 1  # the partner's other key stays cached
    assert await b.status(path, {"X-API-Key": other["api_key"]}) == 200


async def test_a_new_access_code_on_a_ends_the_old_codes_residents_on_b(
    pair: tuple[Replica, Replica], stack: Stack
) -> None:
    a, b = pair
    tree = await make_community(stack, households=1)
    staff = await headers_for(a.http, stack, "staff", [tree.community_id])
    body = {"household_id": str(tree.household_ids[0])}
    code = (await a.http.post("/api/v1/auth/access-codes", headers=staff, json=body)).json()
    signed_in = await a.http.post(
        "/api/v1/auth/resident-token", json={"access_code": code["access_code"]}
    )
    resident = _bearer(signed_in.json())
    await _cached_on(b, ME, resident)
    reissued = await a.http.post("/api/v1/auth/access-codes", headers=staff, json=body)
    assert reissued.status_code == 201
    took = await refused_within(lambda: b.status(ME, resident), PROPAGATION_LIMIT_S)
    print(f"new access code: refused on B {took * 1000:.1f} ms after A answered")


async def test_without_redis_b_answers_from_its_cache(
    client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
) -> None:
    """What the channel changes: without it B keeps a revoked token until its entry runs out."""
    async with replica(stack, databases, "") as a, replica(stack, databases, "") as b:
        admin = await headers_for(a.http, stack, "admin")
        user = await make_user(stack, "wang", "staff")
        tokens = await _sign_in(a, "wang")
        await _cached_on(b, ME, _bearer(tokens))
        url = f"/api/v1/auth/users/{user.id}/sign-out-everywhere"
        assert (await a.http.post(url, headers=admin)).status_code == 200
        assert await a.status(ME, _bearer(tokens)) == 401
        assert await b.status(ME, _bearer(tokens)) == 200
        b.app.state.authenticator.forget_all()  # as when its entry runs out
        assert await b.status(ME, _bearer(tokens)) == 401


class TestRefreshAcrossReplicas:
    async def test_a_refresh_token_used_on_a_is_refused_on_b(
        self, pair: tuple[Replica, Replica], stack: Stack
    ) -> None:
        a, b = pair
        await make_user(stack, "li", "staff")
        first = await _sign_in(a, "li")
        body = {"refresh_token": first["refresh_token"]}
        assert (await a.http.post("/api/v1/auth/refresh", json=body)).status_code == 200
        assert (await b.http.post("/api/v1/auth/refresh", json=body)).status_code == 401

    async def test_one_refresh_token_sent_to_both_at_once_works_once(
        self, pair: tuple[Replica, Replica], stack: Stack
    ) -> None:
        a, b = pair
        await make_user(stack, "li", "staff")
        for _ in range(5):
            body = {"refresh_token": (await _sign_in(a, "li"))["refresh_token"]}
            answers = await asyncio.gather(
                a.http.post("/api/v1/auth/refresh", json=body),
                b.http.post("/api/v1/auth/refresh", json=body),
            )
            assert sorted(r.status_code for r in answers) == [200, 401]
