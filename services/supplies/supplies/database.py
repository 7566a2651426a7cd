"""The supplies's declarative base, its session dependency, and SQLite write serialization."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from fastapi import Request
from sqlalchemy import MetaData, event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.util import await_only

from shouhu_common.database import NAMING_CONVENTION

WRITER = "supplies_holds_writer_lock"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessionmaker() as session:
        yield session


def serialize_sqlite_writes(engine: AsyncEngine) -> asyncio.Lock | None:
    """SQLite admits one writer; pooled connections that collide wait in its busy handler, which
    sleeps in growing steps (up to 100 ms) and gives up after the busy timeout: under 200 orders/s
    that meant 0.3 % `database is locked` errors and a long tail. Here a connection takes an
    in-process lock at its first write statement and gives it back when it returns to the pool
    (after its commit or rollback), so writers queue in order without sleeping. Reads never
    wait. One process per SQLite file is the embedded mode's shape; PostgreSQL needs none of this.
    Returns the lock, for writers on connections of their own (the order writer) to take too.
    """
    if engine.dialect.name != "sqlite":
        return None
    lock = asyncio.Lock()

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _take(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if conn.info.get(WRITER) or statement.lstrip()[:6].upper() not in WRITES:
            return
        await_only(lock.acquire())
        conn.info[WRITER] = True

    def _give_back(_dbapi_connection: Any, record: Any, *_args: Any) -> None:
        if record is not None and record.info.pop(WRITER, False):
            lock.release()

    event.listen(engine.sync_engine.pool, "checkin", _give_back)
    event.listen(engine.sync_engine.pool, "invalidate", _give_back)
    return lock
