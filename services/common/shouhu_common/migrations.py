"""Alembic plumbing shared by each service's `migrations/env.py` and by `make run` / tests."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

from shouhu_common.settings import normalize_database_url

MIGRATION_LOCK = 0x5348_4D49  # "SHMI": the advisory lock key of `alembic upgrade`, per database


def alembic_config(alembic_ini: Path, database_url: str) -> Config:
    config = Config(str(alembic_ini))
    config.set_main_option("script_location", str(alembic_ini.parent / "migrations"))
    config.set_main_option("sqlalchemy.url", normalize_database_url(database_url))
    return config


def upgrade_head(alembic_ini: Path, database_url: str) -> None:
    if normalize_database_url(database_url).startswith("sqlite"):
        db_path = normalize_database_url(database_url).split(":///", 1)[-1]
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(alembic_ini, database_url), "head")


def _do_run(connection: Connection, metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite can only alter tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Replicas that start together migrate one after the other: the second finds the
            # first's revision once the lock is its. The whole upgrade is one transaction there,
            # so a migration that fails leaves the database, and the old version, as they were.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


async def _run_async(metadata: MetaData) -> None:
    config = context.config
    engine = async_engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    async with engine.connect() as connection:
        await connection.run_sync(_do_run, metadata)
    await engine.dispose()


def run_env(metadata: MetaData, default_url: str) -> None:
    """Body of every service's env.py: online migrations on the async engine."""
    config = context.config
    if not config.get_main_option("sqlalchemy.url"):
        config.set_main_option("sqlalchemy.url", normalize_database_url(default_url))
    connection = config.attributes.get("connection")
    if connection is not None:
        _do_run(connection, metadata)
        return
    asyncio.run(_run_async(metadata))
