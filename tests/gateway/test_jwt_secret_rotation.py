"""Rotating `GATEWAY_JWT_SECRET`: tokens name their secret by `kid`; a gateway restarted on a new
secret with the old one in `GATEWAY_JWT_PREVIOUS_SECRETS` still accepts the tokens signed before,
and refuses them once the old secret is dropped."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import jwt
import pytest
from asgi_lifespan import LifespanManager

import gateway.main
from gateway.security import (
    TokenSecrets,
    decode_access_token,
    issue_access_token,
    secret_kid,
)
from shouhu_common.identity import Principal, Role
from tests.builders import make_community, make_user, sign_in
from tests.conftest import CLIENT_IP, Stack, gateway_settings
from tests.databases import SuiteDatabases

OLD = "jwt-rotation-test-old-secret-" + "1" * 32
NEW = "jwt-rotation-test-new-secret-" + "2" * 32
OTHER = "jwt-rotation-test-other-secret-" + "3" * 32
PRINCIPAL = Principal(subject="user:li", role=Role.staff)


def token_by(secret: str) -> str:
    return issue_access_token(secret, PRINCIPAL, 600, "1").token


class TestTokenSecrets:
    def test_a_token_names_its_secret_by_fingerprint(self) -> None:
        kid = jwt.get_unverified_header(token_by(NEW))["kid"]
        assert kid == secret_kid(NEW)
        assert len(kid) == 16
        assert kid not in NEW

    def test_the_current_and_previous_secrets_are_accepted(self) -> None:
        keys = TokenSecrets(NEW, [OLD])
        assert decode_access_token(keys, token_by(NEW))[0].subject == "user:li"
        assert decode_access_token(keys, token_by(OLD))[0].subject == "user:li"

    def test_a_dropped_or_unknown_secret_is_refused(self) -> None:
        with pytest.raises(jwt.InvalidSignatureError):
            decode_access_token(TokenSecrets(NEW), token_by(OLD))
        with pytest.raises(jwt.InvalidSignatureError):
            decode_access_token(TokenSecrets(NEW, [OLD]), token_by(OTHER))

    def test_a_kid_naming_a_held_secret_does_not_stand_in_for_its_signature(self) -> None:
        claims = jwt.decode(token_by(OTHER), options={"verify_signature": False})
        lying = jwt.encode(claims, OTHER, algorithm="HS256", headers={"kid": secret_kid(OLD)})
        with pytest.raises(jwt.InvalidSignatureError):
            decode_access_token(TokenSecrets(NEW, [OLD]), lying)

    def test_a_token_from_before_key_ids_is_checked_against_every_secret(self) -> None:
        """Resident tokens live 30 days: ones issued before this change carry no `kid`."""
        claims = jwt.decode(token_by(OLD), options={"verify_signature": False})
        keys = TokenSecrets(NEW, [OLD])
        for secret in (OLD, NEW):
            unnamed = jwt.encode(claims, secret, algorithm="HS256")
            assert decode_access_token(keys, unnamed)[0].subject == "user:li"
        with pytest.raises(jwt.InvalidSignatureError):
            decode_access_token(keys, jwt.encode(claims, OTHER, algorithm="HS256"))

    def test_expiry_still_holds_under_a_previous_secret(self) -> None:
        expired = issue_access_token(OLD, PRINCIPAL, -10, "1").token
        with pytest.raises(jwt.ExpiredSignatureError):
            decode_access_token(TokenSecrets(NEW, [OLD]), expired)


@asynccontextmanager
async def gateway_on(
    stack: Stack, databases: SuiteDatabases, **secrets: str
) -> AsyncIterator[httpx.AsyncClient]:
    """A gateway restarted on other JWT settings, on the suite's gateway database and services."""
    app = gateway.main.create_app(gateway_settings(databases.urls["gateway"], stack, **secrets))
    async with (
        LifespanManager(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=(CLIENT_IP, 40002)),
            base_url="http://shouhu.test",
        ) as client,
    ):
        yield client


async def resident_headers(
    client: httpx.AsyncClient, staff: dict[str, str], household_id: object
) -> dict[str, str]:
    code = await client.post(
        "/api/v1/auth/access-codes", headers=staff, json={"household_id": str(household_id)}
    )
    assert code.status_code in (200, 201), code.text
    token = await client.post(
        "/api/v1/auth/resident-token", json={"access_code": code.json()["access_code"]}
    )
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def kid_of(headers: dict[str, str]) -> str:
    return str(jwt.get_unverified_header(headers["Authorization"].split()[1])["kid"])


class TestRotationThroughTheGateway:
    async def test_tokens_signed_before_work_until_the_old_secret_is_dropped(
        self, client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
    ) -> None:
        tree = await make_community(stack)
        old_secret = stack.gateway.state.settings.jwt_secret
        await make_user(stack, "rotation-staff", "staff", [tree.community_id])
        staff = {"Authorization": f"Bearer {await sign_in(client, 'rotation-staff')}"}
        resident = await resident_headers(client, staff, tree.household_ids[0])
        assert kid_of(staff) == kid_of(resident) == secret_kid(old_secret)

        async with gateway_on(
            stack, databases, jwt_secret=NEW, jwt_previous_secrets=old_secret
        ) as rotated:
            assert (await rotated.get("/api/v1/households", headers=staff)).status_code == 200
            assert (await rotated.get("/api/v1/passes", headers=resident)).status_code == 200
            fresh = {"Authorization": f"Bearer {await sign_in(rotated, 'rotation-staff')}"}
            assert kid_of(fresh) == secret_kid(NEW)
            assert (await rotated.get("/api/v1/households", headers=fresh)).status_code == 200
        # a replica not yet restarted does not hold the new secret
        assert (await client.get("/api/v1/households", headers=fresh)).status_code == 401

        async with gateway_on(stack, databases, jwt_secret=NEW) as dropped:
            for signed_before in (staff, resident):
                refused = await dropped.get("/api/v1/passes", headers=signed_before)
                assert refused.status_code == 401
                assert refused.headers["content-type"] == "application/problem+json"
            assert (await dropped.get("/api/v1/households", headers=fresh)).status_code == 200
