"""Rotating the internal identity key through the real gateway → registry path: a registry holding
the old and the new public key serves a gateway signing with either; once the old public key is
dropped, a gateway still signing with the old key is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from asgi_lifespan import LifespanManager

import gateway.main
import registry.main
from registry.config import RegistrySettings
from shouhu_common.identity import DEV_KEY, private_key_from_setting, public_key_hex
from tests.builders import headers_for, make_community
from tests.conftest import CLIENT_IP, Stack, gateway_settings
from tests.databases import SuiteDatabases
from tests.servers import served

OLD = DEV_KEY  # what the suite's gateway signs with
NEW = "ed25519:" + "64" * 32


def public(signing_key: str) -> str:
    return public_key_hex(private_key_from_setting(signing_key))


@asynccontextmanager
async def registry_holding(databases: SuiteDatabases, public_keys: str) -> AsyncIterator[str]:
    """The registry restarted with `REGISTRY_INTERNAL_PUBLIC_KEY=public_keys`, served on a socket;
    its URL."""
    settings = RegistrySettings(
        database_url=databases.urls["registry"],
        env="test",
        access_log=False,
        internal_public_key=public_keys,
    )
    app = registry.main.create_app(settings)
    async with LifespanManager(app), served(app) as url:
        yield url


@asynccontextmanager
async def gateway_signing(
    stack: Stack, databases: SuiteDatabases, signing_key: str, registry_url: str
) -> AsyncIterator[httpx.AsyncClient]:
    settings = gateway_settings(
        databases.urls["gateway"],
        stack,
        registry_url=registry_url,
        internal_signing_key=signing_key,
    )
    app = gateway.main.create_app(settings)
    async with (
        LifespanManager(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=(CLIENT_IP, 40003)),
            base_url="http://shouhu.test",
        ) as client,
    ):
        yield client


async def households_status(
    stack: Stack,
    databases: SuiteDatabases,
    signing_key: str,
    registry_url: str,
    staff: dict[str, str],
) -> int:
    async with gateway_signing(stack, databases, signing_key, registry_url) as client:
        return (await client.get("/api/v1/households", headers=staff)).status_code


class TestRotation:
    async def test_the_old_key_works_during_the_overlap_and_not_after(
        self, client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
    ) -> None:
        tree = await make_community(stack)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        async with registry_holding(databases, public(OLD)) as before:
            assert await households_status(stack, databases, OLD, before, staff) == 200
            assert await households_status(stack, databases, NEW, before, staff) == 401

        # step 1: the new public key beside the old one; step 2: the gateway switches
        async with registry_holding(databases, f"{public(OLD)},{public(NEW)}") as overlap:
            assert await households_status(stack, databases, OLD, overlap, staff) == 200
            assert await households_status(stack, databases, NEW, overlap, staff) == 200

        # step 3: the old public key dropped
        async with registry_holding(databases, public(NEW)) as after:
            assert await households_status(stack, databases, NEW, after, staff) == 200
            assert await households_status(stack, databases, OLD, after, staff) == 401
