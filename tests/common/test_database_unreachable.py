"""A database that cannot be reached answers 503 with Retry-After, a retryable problem, not a 500:
refused, out of connection slots (a real PostgreSQL role with no slot left), or a pool that timed
out. A database that answers with an error of its own is still a 500."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import create_async_engine

from shouhu_common.problems import register_problem_handlers
from tests.databases import backend, postgres_admin_url

postgres_only = pytest.mark.skipif(backend() != "postgres", reason="a PostgreSQL role's slots")


def _app(url: str | None, error: Exception | None = None) -> FastAPI:
    app = FastAPI()
    register_problem_handlers(app)

    @app.get("/read")
    async def read() -> int:
        if error is not None:
            raise error
        assert url is not None
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                return int((await conn.execute(text("SELECT 1"))).scalar_one())
        finally:
            await engine.dispose()

    return app


async def _get(app: FastAPI) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.get("/read")


def _unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "1"
    assert response.json()["type"].endswith("database-unavailable")


async def test_a_refused_connection_is_503() -> None:
    _unavailable(await _get(_app("postgresql+asyncpg://postgres@127.0.0.1:1/shouhu")))


async def test_a_pool_that_timed_out_is_503() -> None:
    _unavailable(await _get(_app(None, PoolTimeout("QueuePool limit reached"))))


@pytest.fixture
async def role_without_slots() -> AsyncIterator[str]:
    admin = postgres_admin_url()
    role = f"no_slots_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f"CREATE ROLE {role} LOGIN CONNECTION LIMIT 0")
        parts = urlsplit(admin)
        host = parts.netloc.rsplit("@", 1)[-1]
        yield urlunsplit(("postgresql+asyncpg", f"{role}@{host}", parts.path, "", ""))
    finally:
        await conn.execute(f"DROP ROLE IF EXISTS {role}")
        await conn.close()


@postgres_only
async def test_no_connection_slot_left_is_503(role_without_slots: str) -> None:
    _unavailable(await _get(_app(role_without_slots)))


@postgres_only
async def test_an_error_of_the_database_itself_is_still_500() -> None:
    parts = urlsplit(postgres_admin_url())
    missing = urlunsplit(("postgresql+asyncpg", parts.netloc, "/no_such_database_x", "", ""))
    response = await _get(_app(missing))
    assert response.status_code == 500, response.text
