"""Services trust only identity the gateway signed: a request straight to a service port is 401."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from shouhu_common.identity import INTERNAL_HEADER, InternalTokenSigner, Principal, Role
from tests.conftest import Stack


def direct(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://svc")


@pytest.mark.parametrize(
    ("service", "path"), [("registry", "/api/v1/households"), ("supplies", "/api/v1/partners")]
)
class TestDirectAccess:
    async def test_without_identity_is_401(
        self, client: httpx.AsyncClient, stack: Stack, service: str, path: str
    ) -> None:
        async with direct(getattr(stack, service)) as svc:
            response = await svc.get(path)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"

    async def test_identity_signed_by_another_key_is_401(
        self, client: httpx.AsyncClient, stack: Stack, service: str, path: str
    ) -> None:
        rogue = InternalTokenSigner("ed25519:" + "11" * 32)
        token = rogue.token_for(Principal(subject="user:rogue", role=Role.admin))
        async with direct(getattr(stack, service)) as svc:
            response = await svc.get(path, headers={INTERNAL_HEADER: token})
        assert response.status_code == 401

    async def test_caller_cannot_inject_an_internal_identity(
        self, client: httpx.AsyncClient, stack: Stack, service: str, path: str
    ) -> None:
        signer = InternalTokenSigner(stack.gateway.state.settings.internal_signing_key)
        token = signer.token_for(Principal(subject="user:x", role=Role.admin))
        response = await client.get(path, headers={INTERNAL_HEADER: token})
        assert response.status_code == 401  # the gateway drops it and asks for credentials
