"""The system under test: registry, supplies and gateway apps with their real databases (SQLite,
or PostgreSQL when SHOUHU_TEST_DATABASE=postgres), the services served on loopback ports
(`tests/servers.py`) and the gateway forwarding to them as in production. Migrations run once per
session; each test leaves empty tables."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

import gateway.main
import registry.main
import supplies.main
from gateway.config import GatewaySettings
from gateway.models import Base as GatewayBase
from registry.config import RegistrySettings
from registry.models import Base as RegistryBase
from supplies.config import SuppliesSettings
from supplies.models import Base as SuppliesBase
from tests.databases import SuiteDatabases, backend
from tests.servers import served

CLIENT_IP = "198.51.100.7"


def pytest_report_header() -> str:
    return f"shouhu test database: {backend()}"


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SuiteDatabases]:
    dbs = SuiteDatabases(tmp_path_factory.mktemp("db"), "suite")
    yield dbs
    dbs.drop()


@dataclass
class Stack:
    gateway: FastAPI
    registry: FastAPI
    supplies: FastAPI
    registry_url: str
    supplies_url: str


def gateway_settings(url: str, stack: Stack | None = None, **overrides: object) -> GatewaySettings:
    """A gateway on the database at `url`, forwarding to `stack`'s services (give `registry_url`
    or `supplies_url` to send one elsewhere)."""
    values: dict[str, object] = {
        "database_url": url,
        "env": "test",
        "access_log": False,
        # generous: a PDF made while the machine is busy with other work can take seconds
        "upstream_timeout_s": 10.0,
        # the suite does not depend on a local PWA build (tests/gateway/test_pwa_files.py makes one)
        "frontend_dir": Path("/nonexistent/shouhu-frontend-dist"),
    }
    if stack is not None:
        values.update(registry_url=stack.registry_url, supplies_url=stack.supplies_url)
    values.update(overrides)
    return GatewaySettings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
async def stack(databases: SuiteDatabases) -> AsyncIterator[Stack]:
    reg_app = registry.main.create_app(
        RegistrySettings(database_url=databases.urls["registry"], env="test", access_log=False)
    )
    sup_app = supplies.main.create_app(
        SuppliesSettings(database_url=databases.urls["supplies"], env="test", access_log=False)
    )
    async with (
        LifespanManager(reg_app),
        LifespanManager(sup_app),
        served(reg_app) as registry_url,
        served(sup_app) as supplies_url,
    ):
        gw_app = gateway.main.create_app(
            gateway_settings(
                databases.urls["gateway"], registry_url=registry_url, supplies_url=supplies_url
            )
        )
        async with LifespanManager(gw_app):
            yield Stack(gw_app, reg_app, sup_app, registry_url, supplies_url)


async def empty_tables(stack: Stack) -> None:
    """Deletes the rows a test left, asking first which tables have any: a test touches a handful
    of the ~70 tables, and a DELETE of each took ~30 ms a test on SQLite, ~300 ms on PostgreSQL."""
    for app, base in (
        (stack.gateway, GatewayBase),
        (stack.registry, RegistryBase),
        (stack.supplies, SuppliesBase),
    ):
        tables = list(reversed(base.metadata.sorted_tables))  # children before their parents
        async with app.state.engine.begin() as conn:
            quote = conn.dialect.identifier_preparer.quote
            probe = " UNION ALL ".join(
                f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {quote(t.name)})"
                for i, t in enumerate(tables)
            )
            used = {row[0] for row in await conn.exec_driver_sql(probe)}
            for i in sorted(used):
                await conn.execute(tables[i].delete())


FULL_ID_NUMBER = re.compile(r'"\d{17}[\dX]"')
FULL_PHONE = re.compile(r'"1\d{10}"')


async def no_personal_data_leak(response: httpx.Response) -> None:
    """Fails any test whose response shows a full ID number or phone it did not ask to reveal."""
    if response.request.url.params.get("reveal") == "true":
        return
    body = (await response.aread()).decode("utf-8", "replace")
    leak = FULL_ID_NUMBER.search(body) or FULL_PHONE.search(body)
    assert leak is None, f"{response.request.url} shows {leak.group(0) if leak else ''}"


@pytest.fixture
async def client(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    """A caller on the public side of the gateway; tables, limits and caches are reset after."""
    transport = httpx.ASGITransport(app=stack.gateway, client=(CLIENT_IP, 40000))
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://shouhu.test",
        event_hooks={"response": [no_personal_data_leak]},
    ) as c:
        yield c
    await empty_tables(stack)
    stack.registry.state.gate_states.clear()
    await stack.gateway.state.limiter.reset()
    stack.gateway.state.authenticator.forget_all()
    stack.gateway.state.openapi_cache = None
    stack.gateway.state.bundle_cache.clear()
