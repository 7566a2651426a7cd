"""Each service's migrations, run to head, produce exactly what its models declare; and they can
be walked down and up again."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from gateway.models import Base as GatewayBase
from registry.models import Base as RegistryBase
from shouhu_common.database import make_engine
from shouhu_common.migrations import alembic_config
from supplies.models import Base as SuppliesBase
from tests.databases import ALEMBIC_INI, SuiteDatabases, backend

METADATA: dict[str, MetaData] = {
    "registry": RegistryBase.metadata,
    "supplies": SuppliesBase.metadata,
    "gateway": GatewayBase.metadata,
}


def _diff(connection: Connection, metadata: MetaData) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


@pytest.mark.parametrize("service", sorted(METADATA))
async def test_models_match_migrations(databases: SuiteDatabases, service: str) -> None:
    engine = make_engine(databases.urls[service])
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(_diff, METADATA[service])
    finally:
        await engine.dispose()
    assert diff == [], f"{service}: models and migrations disagree; add a migration"


@pytest.mark.parametrize("service", sorted(METADATA))
def test_migrations_are_reversible(tmp_path_factory: pytest.TempPathFactory, service: str) -> None:
    dbs = SuiteDatabases(tmp_path_factory.mktemp(f"down-{service}"), f"down{service[:3]}")
    try:
        config = alembic_config(ALEMBIC_INI[service], dbs.urls[service])
        command.downgrade(config, "base")
        command.upgrade(config, "head")
    finally:
        dbs.drop()


@pytest.mark.skipif(backend() != "postgres", reason="one process migrates an SQLite file")
def test_replicas_that_start_together_migrate_once(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Three replicas run `migrate` on an empty database at the same moment: the advisory lock
    makes them take turns, so none fails on a table another has just created."""
    dbs = SuiteDatabases(tmp_path_factory.mktemp("together"), "together")
    try:
        url = dbs.urls["registry"]
        command.downgrade(alembic_config(ALEMBIC_INI["registry"], url), "base")
        env = {**os.environ, "REGISTRY_DATABASE_URL": url}
        replicas = [
            subprocess.Popen(
                [sys.executable, "-m", "registry.cli", "migrate"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for _ in range(3)
        ]
        outputs = [replica.communicate(timeout=180)[0].decode() for replica in replicas]
        assert [replica.returncode for replica in replicas] == [0, 0, 0], outputs
        diff = asyncio.run(_diff_at(url, METADATA["registry"]))
        assert diff == []
    finally:
        dbs.drop()


async def _diff_at(url: str, metadata: MetaData) -> list[Any]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(_diff, metadata)
    finally:
        await engine.dispose()


FAILING_UPGRADE = '''
"""Test only: {name}."""
from alembic import op
import sqlalchemy as sa

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    {body}


def downgrade() -> None:
    pass
'''


@pytest.mark.skipif(backend() != "postgres", reason="production's upgrade path is PostgreSQL")
def test_an_upgrade_that_fails_changes_nothing(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A release with two migrations, the second failing: the first is rolled back with it, so
    the database stays as the running (old) version expects it."""
    dbs = SuiteDatabases(tmp_path_factory.mktemp("failing"), "failing")
    try:
        url = dbs.urls["registry"]
        shutil.copytree(ALEMBIC_INI["registry"].parent / "migrations", tmp_path / "migrations")
        shutil.copy(ALEMBIC_INI["registry"], tmp_path / "alembic.ini")
        config = alembic_config(tmp_path / "alembic.ini", url)
        head = ScriptDirectory.from_config(config).get_current_head()
        versions = tmp_path / "migrations" / "versions"
        steps = [
            (
                "zz01",
                head,
                "a new table",
                'op.create_table("release_probe", sa.Column("id", sa.Integer, primary_key=True))',
            ),
            (
                "zz02",
                "zz01",
                "a failing step",
                'op.execute("SELECT no_such_column FROM households")',
            ),
        ]
        for revision, down, name, body in steps:
            (versions / f"{revision}.py").write_text(
                FAILING_UPGRADE.format(revision=revision, down=down, name=name, body=body)
            )
        with pytest.raises(DBAPIError):
            command.upgrade(config, "head")
        tables, version = asyncio.run(_tables_and_version(url))
        assert "release_probe" not in tables
        assert version == head
    finally:
        dbs.drop()


async def _tables_and_version(url: str) -> tuple[list[str], str]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
            version = (
                await conn.execute(text("SELECT version_num FROM alembic_version"))
            ).scalar_one()
            return tables, version
    finally:
        await engine.dispose()
