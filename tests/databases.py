"""Test databases: SQLite files in a temporary folder, or fresh PostgreSQL databases created (and
dropped) on the server named by SHOUHU_TEST_POSTGRES_URL. Tests never touch the data folder."""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path

import asyncpg
import pytest

from shouhu_common.migrations import upgrade_head

SERVICES = ("registry", "supplies", "gateway")
# Pool size (`<SERVICE>_DATABASE_POOL_SIZE`) of the service processes the deployment tests start:
# a failover cluster's six processes and the other test worker's stack share the server's 100
# connections, which ten kept and ten more while busy per process ran out of.
POOL_SIZE = "3"
REPO = Path(__file__).resolve().parents[1]
ALEMBIC_INI = {name: REPO / "services" / name / "alembic.ini" for name in SERVICES}


def backend() -> str:
    return os.environ.get("SHOUHU_TEST_DATABASE", "sqlite")


def postgres_admin_url() -> str:
    url = os.environ.get("SHOUHU_TEST_POSTGRES_URL", "")
    if not url:
        pytest.exit("SHOUHU_TEST_DATABASE=postgres needs SHOUHU_TEST_POSTGRES_URL", returncode=2)
    return url


async def _pg(admin_url: str, statements: list[str]) -> None:
    conn = await asyncpg.connect(admin_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


class SuiteDatabases:
    """One database per service, migrated to head."""

    def __init__(self, folder: Path, label: str) -> None:
        self.label = f"shouhu_t_{label}_{uuid.uuid4().hex[:8]}"
        self.urls: dict[str, str] = {}
        if backend() == "postgres":
            admin = postgres_admin_url()
            base = admin.rsplit("/", 1)[0]
            names = {s: f"{self.label}_{s}" for s in SERVICES}
            asyncio.run(_pg(admin, [f'CREATE DATABASE "{n}"' for n in names.values()]))
            self.urls = {s: f"{base}/{n}" for s, n in names.items()}
        else:
            self.urls = {s: f"sqlite+aiosqlite:///{folder / (s + '.db')}" for s in SERVICES}
        for service in SERVICES:
            upgrade_head(ALEMBIC_INI[service], self.urls[service])

    def drop(self) -> None:
        if backend() == "postgres":
            statements = [
                f'DROP DATABASE IF EXISTS "{self.label}_{s}" WITH (FORCE)' for s in SERVICES
            ]
            asyncio.run(_pg(postgres_admin_url(), statements))
