"""Engine and session factory, the declarative base with constraint naming, and column types.

SQLite is the embedded default (WAL, foreign keys on, busy timeout); PostgreSQL is production.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Table, event, insert, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator, Uuid

from shouhu_common.settings import normalize_database_url

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite drops the offset otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware UTC values")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


UUID = Uuid(as_uuid=True)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def is_sqlite(url: str) -> bool:
    return normalize_database_url(url).startswith("sqlite")


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry | None) -> None:
    # aiosqlite opens in autocommit-less mode; PRAGMAs take effect per connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def sqlite_connection(path: str) -> sqlite3.Connection:
    """A standard library connection to a SQLite file with the engine's PRAGMAs, in autocommit
    mode (the caller says BEGIN), usable from the one thread that runs it (driver_writes.py)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    _sqlite_pragmas(conn, None)
    return conn


def make_engine(
    url: str,
    *,
    echo: bool = False,
    pool_size: int = 10,
    server_settings: Mapping[str, str] | None = None,
) -> AsyncEngine:
    """`server_settings`: PostgreSQL settings every connection starts with (asyncpg's)."""
    url = normalize_database_url(url)
    if url.startswith("sqlite"):
        sizes: dict[str, Any] = {}
        if ":///" in url and not url.endswith(":memory:"):
            from pathlib import Path

            Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
            # All kept, none overflowing: an overflow connection is closed when it comes back,
            # and opening one (a thread, the PRAGMAs, a cold page cache and schema) made the
            # next requests slower still. On the 1M-people registry a short stall snowballed
            # that way into ~300 connections opened in 40 s and household reads at p99 250 ms.
            sizes = {"pool_size": 2 * pool_size, "max_overflow": 0}
        engine = create_async_engine(url, echo=echo, **sizes)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=False,
        connect_args={"server_settings": dict(server_settings)} if server_settings else {},
    )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def session_scope(
    factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """One session per request; the service layer commits explicitly, this only closes."""
    async with factory() as session:
        yield session


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


async def bulk_insert(
    session: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Many rows in one go: COPY on PostgreSQL (asyncpg's binary copy, about 3× an
    executemany), a Core executemany elsewhere. Runs in the session's transaction. Rows give
    every column of `table` that has no server default, as Python values (UUID, datetime…)."""
    if not rows:
        return
    connection = await session.connection()
    if connection.dialect.name != "postgresql":
        await connection.execute(insert(table), list(rows))
        return
    columns = list(rows[0].keys())
    raw = await connection.get_raw_connection()
    await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
        table.name, records=[tuple(r[c] for c in columns) for r in rows], columns=columns
    )
