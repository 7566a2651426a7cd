"""More gateway replicas for the revocation tests: gateway apps on the suite's gateway database,
forwarding to the suite's services, each with its own credential cache, sharing a Redis (database
13 of the one on 127.0.0.1:6379, emptied before and after each test) or not."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from redis.asyncio import Redis

import gateway.main
from tests.conftest import Stack, gateway_settings
from tests.databases import SuiteDatabases

REDIS_URL = "redis://127.0.0.1:6379/13"
ME = "/api/v1/auth/me"


@contextlib.asynccontextmanager
async def fresh_redis() -> AsyncIterator[str]:
    """The URL of the tests' Redis database, emptied before and after."""
    client = Redis.from_url(REDIS_URL)
    try:
        await client.flushdb()
    except Exception:
        await client.aclose()
        if os.environ.get("CI"):
            pytest.fail("CI must run the revocation tests: no Redis on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379")
    try:
        yield REDIS_URL
    finally:
        await client.flushdb()
        await client.aclose()


@dataclass
class Replica:
    app: FastAPI
    http: httpx.AsyncClient

    async def status(self, path: str, headers: dict[str, str]) -> int:
        return (await self.http.get(path, headers=headers)).status_code

    async def listening(self, within_s: float = 5.0) -> None:
        """Waits until this replica is subscribed to the revocations channel."""
        deadline = time.monotonic() + within_s
        while not self.app.state.revocations.listening:
            assert time.monotonic() < deadline, "the replica never subscribed"
            await asyncio.sleep(0.01)


@contextlib.asynccontextmanager
async def replica(
    stack: Stack, databases: SuiteDatabases, redis_url: str
) -> AsyncIterator[Replica]:
    app = gateway.main.create_app(
        gateway_settings(databases.urls["gateway"], stack, redis_url=redis_url)
    )
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://shouhu.test") as http:
            yield Replica(app, http)


async def refused_within(
    check: Callable[[], Awaitable[int]], limit_s: float, every_s: float = 0.005
) -> float:
    """Seconds until `check` answers 401; fails past `limit_s`."""
    started = time.perf_counter()
    while (status := await check()) != 401:
        assert status == 200, status
        elapsed = time.perf_counter() - started
        assert elapsed < limit_s, f"still accepted after {elapsed:.3f} s"
        await asyncio.sleep(every_s)
    return time.perf_counter() - started
