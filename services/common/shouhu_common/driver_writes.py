"""What the group-commit stores share to write straight through the database driver.

A store of a `GroupCommitWriter` (group_commit.py) exists once per driver: SQLite through the
standard library's `sqlite3` on one thread of its own (a batch is one hop to it, each statement
a prepared one in C), PostgreSQL through asyncpg on a connection borrowed from the engine's pool.
Here: which of the two an engine gets (`store_driver`, anything else refused at start-up), the
SQLite thread and its transaction, the PostgreSQL type and `unnest` arguments of a table's
columns, and `table_row`, which builds a row from a model's columns so that a new column cannot
be silently missed. SQLite's values are converted by `driver_reads.compile_statement`.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from enum import Enum
from typing import Any, Literal, TypeVar

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    FromClause,
    Integer,
    String,
    Table,
    Uuid,
    bindparam,
)
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.sqltypes import NullType
from sqlalchemy.types import TypeDecorator

from shouhu_common.database import sqlite_connection
from shouhu_common.driver_reads import column_type

T = TypeVar("T")


class UnsupportedDatabase(RuntimeError):
    pass


def store_driver(engine: AsyncEngine) -> Literal["sqlite", "asyncpg"]:
    """The driver a store writes through: a SQLite database file, or PostgreSQL through asyncpg.

    Refuses anything else when the service starts: an in-memory SQLite database cannot be shared
    with the store's own connection, and no other driver has a store."""
    if engine.dialect.name == "sqlite":
        sqlite_file(engine)
        return "sqlite"
    if engine.dialect.driver == "asyncpg":
        return "asyncpg"
    raise UnsupportedDatabase(
        f"no store writes through {engine.dialect.name}+{engine.dialect.driver}: use a SQLite "
        "file (sqlite:///path) or PostgreSQL (postgresql://…, through asyncpg)"
    )


def sqlite_file(engine: AsyncEngine) -> str:
    path = engine.url.database
    if not path or path == ":memory:":
        raise UnsupportedDatabase(
            f"the SQLite database must be a file (sqlite:///path), not {engine.url!r}"
        )
    return path


# -- SQLite ---------------------------------------------------------------------------------------


class SqliteThread:
    """One thread holding one `sqlite3` connection to the file: a batch is one hop to it."""

    def __init__(self, path: str, name: str) -> None:
        self._path = path
        self._pool = ThreadPoolExecutor(1, thread_name_prefix=name)
        self._conn: sqlite3.Connection | None = None
        self._closed = False

    async def transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """`work` in one `BEGIN IMMEDIATE` transaction on the thread: committed, or rolled back
        and its exception raised."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._transaction, work)

    def _transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        if self._conn is None:
            self._conn = sqlite_connection(self._path)
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            done = work(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return done

    def close(self) -> None:
        """Closes the connection and ends the thread; again, does nothing."""
        if self._closed:
            return
        self._closed = True

        def _close() -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        self._pool.submit(_close).result()
        self._pool.shutdown()


def bind_every_column(table: FromClause) -> dict[str, BindParameter[Any]]:
    """`{column: bindparam(column)}` for each column: `insert(table).values(…)` of them all."""
    assert isinstance(table, Table)
    return {c.name: bindparam(c.name, type_=column_type(c)) for c in table.c}


# -- PostgreSQL through asyncpg -------------------------------------------------------------------


@asynccontextmanager
async def asyncpg_connection(engine: AsyncEngine) -> AsyncIterator[Any]:
    """asyncpg's own connection, borrowed from the engine's pool."""
    async with engine.connect() as sa_conn:
        raw = await sa_conn.get_raw_connection()
        yield raw.driver_connection


def pg_type(column: Any) -> str:
    """The PostgreSQL type a value of the column is sent as (`$1::uuid`)."""
    kind = column.type
    if isinstance(kind, TypeDecorator):  # UTCDateTime
        kind = kind.impl
    if isinstance(kind, Uuid | NullType):  # NullType: a foreign key typed by its target (a UUID)
        return "uuid"
    if isinstance(kind, DateTime):
        return "timestamptz"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Boolean):
        return "boolean"
    if isinstance(kind, Float):
        return "float8"
    if isinstance(kind, Integer):
        return "bigint"
    if isinstance(kind, String):  # and Text
        return "text"
    raise TypeError(f"no PostgreSQL type for {column}")


def column_names(table: FromClause) -> list[str]:
    assert isinstance(table, Table)
    return [c.name for c in table.c]


def pg_values(table: FromClause, first: int, *, arrays: bool = False) -> str:
    """`$first::type, …` for each column of the table; `unnest($first::type[], …)` with `arrays`
    (a batch of rows as one array per column, see `columnar`)."""
    assert isinstance(table, Table)
    suffix = "[]" if arrays else ""
    marks = [f"${first + i}::{pg_type(c)}{suffix}" for i, c in enumerate(table.c)]
    return f"unnest({', '.join(marks)})" if arrays else ", ".join(marks)


def columnar(rows: Sequence[dict[str, Any]], columns: list[str]) -> list[list[Any]]:
    """Rows as one list per column (the arguments of `pg_values(…, arrays=True)`); a column a row
    leaves out is NULL, as in a compiled statement's arguments."""
    return [[row.get(c) for row in rows] for c in columns]


# -- rows -----------------------------------------------------------------------------------------


def table_row(table: FromClause, **values: Any) -> dict[str, Any]:
    """A row of every column of the table: the values given, then each other column's Python
    default (called if callable), then None where the column is nullable. A name that is no
    column, or a column left without a value, is an error: a new column cannot be missed."""
    assert isinstance(table, Table)
    unknown = set(values) - set(table.c.keys())
    if unknown:
        raise KeyError(f"{table.name} has no column {', '.join(sorted(unknown))}")
    row: dict[str, Any] = {}
    for column in table.c:
        if column.name in values:
            row[column.name] = values[column.name]
        elif column.default is not None and column.default.is_scalar:
            default = getattr(column.default, "arg", None)
            row[column.name] = default.value if isinstance(default, Enum) else default
        elif column.default is not None and column.default.is_callable:
            row[column.name] = column.default.arg(None)
        elif column.nullable:
            row[column.name] = None
        else:
            raise KeyError(f"{table.name}.{column.name} needs a value")
    return row
