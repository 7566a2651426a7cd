"""Long reads on a read replica (`<PREFIX>_DATABASE_READ_URL`): the daily report, the dashboards
and the households export read it; writes, reads of one's own writes and the health-data export
use the primary; a write through the replica's session fails; `/readyz` checks the replica.

The suite's PostgreSQL has no streaming replica. In its place each service database gets a schema
`replica`, a copy of its tables refreshed when a test says so (`Replicas.replay`): a replica whose
replay delay the test controls. Only a role of its own reads it (its search_path puts `replica`
first), and that role may read nothing else, so a long read that reached the primary's tables
through the read URL would fail. How the setting is refused: test_read_url_setting.py."""

from __future__ import annotations

import io
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest
from asgi_lifespan import LifespanManager
from python_calamine import CalamineWorkbook
from sqlalchemy import delete, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

import gateway.main
import registry.main
import supplies.main
from registry.access.gates.models import GateLog
from registry.config import RegistrySettings
from registry.residents.audit.models import AuditEvent
from supplies.config import SuppliesSettings
from supplies.orders.models import HouseholdOrder, OrderTimelineEntry
from tests.builders import headers_for, make_community
from tests.conftest import CLIENT_IP, Stack, empty_tables, gateway_settings, no_personal_data_leak
from tests.databases import SuiteDatabases, backend
from tests.reports.builders import RegistryRecords, add_member
from tests.reports.test_daily_report import EXPECTED_A, EXPECTED_B
from tests.reports.test_dashboard import build_today
from tests.reports.world import build_world, heads
from tests.servers import served

READER = f"shouhu_reader_{uuid.uuid4().hex[:8]}"
READER_PASSWORD = uuid.uuid4().hex
REPLICATED = ("registry", "supplies")
postgres_only = pytest.mark.skipif(backend() != "postgres", reason="a read replica is PostgreSQL")


async def _connect(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))


async def _tables(conn: asyncpg.Connection) -> list[str]:
    rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return [r["tablename"] for r in rows]


class Replicas:
    """The registry's and supplies' stand-in replicas, in the suite's databases."""

    def __init__(self, databases: SuiteDatabases) -> None:
        self.primaries = {service: databases.urls[service] for service in REPLICATED}

    def url(self, service: str) -> str:
        """The service's read URL: its database, as the reader."""
        url = make_url(self.primaries[service]).set(username=READER, password=READER_PASSWORD)
        return url.render_as_string(hide_password=False)

    async def create(self) -> None:
        conn = await _connect(self.primaries["registry"])
        await conn.execute(f"CREATE ROLE {READER} LOGIN PASSWORD '{READER_PASSWORD}'")
        await conn.close()
        for url in self.primaries.values():
            conn = await _connect(url)
            try:
                await conn.execute("CREATE SCHEMA replica")
                for table in await _tables(conn):
                    await conn.execute(
                        f'CREATE TABLE replica."{table}" AS TABLE public."{table}" WITH NO DATA'
                    )
                await conn.execute(f"GRANT USAGE ON SCHEMA replica TO {READER}")
                await conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA replica TO {READER}")
                database = make_url(url).database
                await conn.execute(
                    f'ALTER ROLE {READER} IN DATABASE "{database}" '
                    "SET search_path = replica, public"
                )
            finally:
                await conn.close()

    async def replay(self) -> None:
        """The replicas catch up: each holds what its primary holds now."""
        for url in self.primaries.values():
            conn = await _connect(url)
            try:
                tables = await _tables(conn)
                async with conn.transaction():
                    await conn.execute("TRUNCATE " + ", ".join(f'replica."{t}"' for t in tables))
                    for t in tables:
                        await conn.execute(f'INSERT INTO replica."{t}" SELECT * FROM public."{t}"')
            finally:
                await conn.close()

    async def rows(self, service: str, table: str) -> int:
        conn = await _connect(self.primaries[service])
        try:
            count: int = await conn.fetchval(f'SELECT count(*) FROM replica."{table}"')
            return count
        finally:
            await conn.close()

    async def drop(self) -> None:
        for url in self.primaries.values():
            conn = await _connect(url)
            try:
                await conn.execute("DROP SCHEMA replica CASCADE")
                await conn.execute(
                    f'ALTER ROLE {READER} IN DATABASE "{make_url(url).database}" RESET ALL'
                )
            finally:
                await conn.close()
        conn = await _connect(self.primaries["registry"])
        await conn.execute(f"DROP ROLE {READER}")
        await conn.close()


@pytest.fixture(scope="module")
async def replicas(databases: SuiteDatabases) -> AsyncIterator[Replicas]:
    made = Replicas(databases)
    await made.create()
    yield made
    await made.drop()


@pytest.fixture(scope="module")
async def replicated(
    databases: SuiteDatabases, replicas: Replicas, stack: Stack
) -> AsyncIterator[Stack]:
    """Registry and supplies with a read URL each, served, and a gateway in front of them. The
    suite's `stack` starts first: the request metrics are the process's, and only the apps that
    start first count them (tests/gateway/test_health.py reads the suite's)."""
    reg_app = registry.main.create_app(
        RegistrySettings(
            database_url=databases.urls["registry"],
            database_read_url=replicas.url("registry"),
            env="test",
            access_log=False,
        )
    )
    sup_app = supplies.main.create_app(
        SuppliesSettings(
            database_url=databases.urls["supplies"],
            database_read_url=replicas.url("supplies"),
            env="test",
            access_log=False,
        )
    )
    async with (
        LifespanManager(reg_app),
        LifespanManager(sup_app),
        served(reg_app) as registry_url,
        served(sup_app) as supplies_url,
    ):
        settings = gateway_settings(
            databases.urls["gateway"], registry_url=registry_url, supplies_url=supplies_url
        )
        gw_app = gateway.main.create_app(settings)
        async with LifespanManager(gw_app):
            yield Stack(gw_app, reg_app, sup_app, registry_url, supplies_url)


@pytest.fixture
async def public(replicated: Stack, replicas: Replicas) -> AsyncIterator[httpx.AsyncClient]:
    """A caller of that gateway; the databases and their replicas are emptied after."""
    transport = httpx.ASGITransport(app=replicated.gateway, client=(CLIENT_IP, 40005))
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://shouhu.test",
        event_hooks={"response": [no_personal_data_leak]},
    ) as caller:
        yield caller
    await empty_tables(replicated)
    await replicas.replay()
    replicated.registry.state.gate_states.clear()
    await replicated.gateway.state.limiter.reset()


async def _daily(
    caller: httpx.AsyncClient, who: dict[str, str], **params: str
) -> dict[str, dict[str, Any]]:
    response = await caller.get("/api/v1/reports/daily", headers=who, params=params)
    assert response.status_code == 200, response.text
    return {r["community_id"]: r for r in response.json()["communities"]}


async def _erase_gate_logs_and_deliveries(stack: Stack, community_id: uuid.UUID) -> None:
    """Deletes the community's gate logs and its orders' timelines on the primaries."""
    async with stack.registry.state.sessionmaker() as session:
        await session.execute(delete(GateLog).where(GateLog.community_id == community_id))
        await session.commit()
    orders = select(HouseholdOrder.id).where(HouseholdOrder.community_id == community_id)
    async with stack.supplies.state.sessionmaker() as session:
        await session.execute(
            delete(OrderTimelineEntry).where(OrderTimelineEntry.order_id.in_(orders))
        )
        await session.commit()


def _sheets(content: bytes) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


@postgres_only
class TestLongReadsOnTheReplica:
    async def test_the_daily_report_counts_what_the_replica_has_replayed(
        self, public: httpx.AsyncClient, replicated: Stack, replicas: Replicas
    ) -> None:
        world = await build_world(replicated)
        officer = await headers_for(public, replicated, "officer", [world.a, world.b])
        await replicas.replay()
        rows = await _daily(public, officer, date=str(world.day))
        a, b = rows[str(world.a)], rows[str(world.b)]
        a["stock_distributed"].sort(key=lambda s: s["name"])
        assert {k: a[k] for k in EXPECTED_A} == EXPECTED_A
        assert {k: b[k] for k in EXPECTED_B} == EXPECTED_B

        await _erase_gate_logs_and_deliveries(replicated, world.a)  # on the primary
        rows = await _daily(public, officer, date=str(world.day))
        a = rows[str(world.a)]  # as the replica still has it
        assert (a["gate_passages_out"], a["orders_delivered"]) == (4, 4)
        await replicas.replay()
        rows = await _daily(public, officer, date=str(world.day))
        a = rows[str(world.a)]
        assert (a["gate_passages_out"], a["orders_delivered"]) == (0, 0)

        # what a DBA sees on the replica: the long reads' connections, by name, as the reader
        databases = {s: make_url(replicas.primaries[s]).database for s in REPLICATED}
        conn = await _connect(replicas.primaries["registry"])
        seen = await conn.fetch(
            "SELECT DISTINCT datname, usename, application_name FROM pg_stat_activity "
            "WHERE datname = ANY($1::text[]) AND usename = $2",
            list(databases.values()),
            READER,
        )
        await conn.close()
        assert {tuple(r) for r in seen} == {
            (databases[s], READER, f"shouhu-{s}-long-reads") for s in REPLICATED
        }

    async def test_the_dashboards_count_what_the_replica_has_replayed(
        self, public: httpx.AsyncClient, replicated: Stack, replicas: Replicas
    ) -> None:
        today = await build_today(replicated)
        staff = await headers_for(public, replicated, "staff", [today.community_id])

        async def figures() -> tuple[int, int]:
            replicated.gateway.state.dashboard_snapshots.forget()
            response = await public.get("/api/v1/dashboard", headers=staff)
            assert response.status_code == 200, response.text
            assert response.json()["unavailable"] == []
            shown = {f["key"]: f["value"] for f in response.json()["today"]}
            return shown["gate_passages_out"], shown["orders_delivered"]

        await replicas.replay()
        assert await figures() == (1, 1)
        await _erase_gate_logs_and_deliveries(replicated, today.community_id)
        assert await figures() == (1, 1)
        await replicas.replay()
        assert await figures() == (0, 0)

    async def test_a_write_is_on_the_primary_and_read_back_from_it_at_once(
        self, public: httpx.AsyncClient, replicated: Stack, replicas: Replicas
    ) -> None:
        tree = await make_community(replicated, households=1)
        await replicas.replay()
        staff = await headers_for(public, replicated, "staff", [tree.community_id])
        (head,) = await heads(replicated, tree.household_ids)
        body = {
            "client_id": str(uuid.uuid4()),
            "person_id": str(head),
            "from_city": "武汉",
            "transport": "train",
            "arrival_date": datetime.now(UTC).date().isoformat(),
        }
        created = await public.post("/api/v1/returnees", headers=staff, json=body)
        assert created.status_code == 201, created.text
        listed = await public.get("/api/v1/returnees", headers=staff)
        assert [r["id"] for r in listed.json()["items"]] == [created.json()["id"]]
        assert await replicas.rows("registry", "returnee") == 0
        community = str(tree.community_id)
        assert (await _daily(public, staff))[community]["returnees_registered"] == 0
        await replicas.replay()
        assert (await _daily(public, staff))[community]["returnees_registered"] == 1

    async def test_the_households_export_is_audited_on_the_primary_and_read_on_the_replica(
        self, public: httpx.AsyncClient, replicated: Stack, replicas: Replicas
    ) -> None:
        tree = await make_community(replicated, households=3)
        await replicas.replay()
        await add_member(replicated, tree.household_ids[0], tree.community_id)
        staff = await headers_for(public, replicated, "staff", [tree.community_id])

        async def exported() -> tuple[int, int]:
            response = await public.get(
                "/api/v1/exports/households.xlsx", headers=staff, params={"reason": "街道报送"}
            )
            assert response.status_code == 200, response.text
            async with replicated.registry.state.sessionmaker() as session:
                audited = await session.scalar(select(func.count()).select_from(AuditEvent))
            return len(_sheets(response.content)["居民"]) - 1, int(audited or 0)

        assert await exported() == (3, 1)  # the member is not on the replica yet
        assert await replicas.rows("registry", "audit_event") == 0
        await replicas.replay()
        assert await exported() == (4, 2)

    async def test_the_health_data_export_reads_the_primary(
        self, public: httpx.AsyncClient, replicated: Stack, replicas: Replicas
    ) -> None:
        # A purge trusts the export to hold every write made before it: no replay delay allowed.
        tree = await make_community(replicated, households=1)
        await replicas.replay()
        records = RegistryRecords(replicated, tree.community_id)
        records.returnee(datetime.now(UTC) - timedelta(minutes=1))
        await records.save()
        staff = await headers_for(public, replicated, "staff", [tree.community_id])
        response = await public.get(
            "/api/v1/exports/health-data.xlsx", headers=staff, params={"reason": "最终导出"}
        )
        assert response.status_code == 200, response.text
        assert len(_sheets(response.content)["返回人员"]) == 2  # its header and the returnee

    async def test_a_write_through_the_long_read_session_fails(self, replicated: Stack) -> None:
        for app in (replicated.registry, replicated.supplies):
            async with app.state.long_reads.sessionmaker() as session:
                who = await session.execute(
                    text("SELECT current_user, current_setting('transaction_read_only')")
                )
                assert tuple(who.one()) == (READER, "on")
                with pytest.raises(DBAPIError, match="read-only transaction"):
                    await session.execute(text("DELETE FROM alembic_version"))

    async def test_readyz_checks_the_replica(
        self, replicated: Stack, databases: SuiteDatabases
    ) -> None:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=replicated.registry), base_url="http://registry"
        ) as service:
            ready = await service.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["read_database"] == "ok"

        nowhere = make_url(databases.urls["supplies"]).set(database="shouhu_no_such_replica")
        app = supplies.main.create_app(
            SuppliesSettings(
                database_url=databases.urls["supplies"],
                database_read_url=nowhere.render_as_string(hide_password=False),
                env="test",
                access_log=False,
            )
        )
        async with (
            LifespanManager(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://supplies"
            ) as service,
        ):
            down = await service.get("/readyz")
        assert down.status_code == 503
        assert down.json()["database"] == "ok"
        assert down.json()["read_database"] == "unreachable"
