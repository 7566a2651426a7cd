"""Hot and large reads straight through the database driver: one round trip per query (the
supplies feed, pick lists and order placement; the registry's household file).

Through the async session a select of the partner feed's 50 orders cost ~1.1 ms of CPU while
SQLite itself used 0.15 ms of it: the rest was aiosqlite's thread hops (cursor, execute, fetch,
close) and SQLAlchemy's per-row work; a pick list of 5,000 doors spent most of its time there.
Here a Core statement is compiled once per dialect, sent with the driver's own call on the
session's connection (so inside its transaction), and each column converted by the very result
processor SQLAlchemy would use, except UUIDs on SQLite: they come back as their canonical string,
which is what the JSON answers hold, without building a `uuid.UUID` for each. The SQLite stores
of the group-commit writers (the registry's access/gates/sqlite_store.py, the supplies'
orders/sqlite_store.py) compile their statements with `compile_statement` too.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.sqltypes import NullType

Convert = Callable[[Any], Any] | None


@functools.lru_cache(maxsize=1 << 16)  # households, partners, items recur in every answer
def uuid_text(value: str) -> str:
    """A UUID as SQLite stores it (32 hex digits) in its canonical form, as `str(uuid.UUID)`."""
    if len(value) != 32:
        return str(uuid.UUID(value))
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"


def uuid_hex(value: Any) -> str:
    """A UUID bound on SQLite: a `uuid.UUID`, or the canonical string a `DriverSelect` returned."""
    return value.hex if isinstance(value, uuid.UUID) else str(value).replace("-", "")


def _bind_converter(kind: Any, dialect: Dialect) -> Convert:
    if dialect.name == "sqlite" and isinstance(kind, Uuid):
        return uuid_hex
    convert: Convert = kind.dialect_impl(dialect).bind_processor(dialect)
    return convert


def _result_converter(kind: Any, dialect: Dialect, uuid_objects: bool = False) -> Convert:
    if dialect.name == "sqlite" and isinstance(kind, Uuid) and not uuid_objects:
        return uuid_text
    impl = kind.dialect_impl(dialect)
    convert: Convert = impl.result_processor(dialect, None)
    return convert


def column_type(column: Any) -> Any:
    """A foreign key column declared without a type takes its target's (a UUID here)."""
    kind = column.type
    if isinstance(kind, NullType) and getattr(column, "foreign_keys", None):
        return next(iter(column.foreign_keys)).column.type
    return kind


@dataclass(frozen=True, slots=True)
class Compiled:
    """A statement's SQL for one dialect, its positional arguments and its row converters."""

    sql: str
    names: tuple[str, ...]  # bind parameter names in positional order
    binds: tuple[Convert, ...]
    defaults: tuple[Any, ...]
    results: tuple[Convert, ...]

    def args(self, params: dict[str, Any]) -> list[Any]:
        out = []
        for name, convert, default in zip(self.names, self.binds, self.defaults, strict=True):
            value = params.get(name, default)  # e.g. SQLite's `OFFSET ?` that a LIMIT brings
            out.append(convert(value) if convert is not None and value is not None else value)
        return out

    def rows(self, raw: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
        converts = [(i, c) for i, c in enumerate(self.results) if c is not None]
        if not converts:
            return [tuple(r) for r in raw]
        out = []
        for record in raw:
            row = list(record)
            for i, convert in converts:
                value = row[i]
                if value is not None:
                    row[i] = convert(value)
            out.append(tuple(row))
        return out


def compile_statement(statement: Any, dialect: Dialect, *, uuid_objects: bool = False) -> Compiled:
    """A Core statement (select, or DML with or without RETURNING) with named `bindparam`s."""
    compiled = statement.compile(dialect=dialect)
    if "POSTCOMPILE" in str(compiled):
        raise ValueError("a driver statement takes no expanding IN list: bind each value")
    prefetch = [c.name for c in (*compiled.insert_prefetch, *compiled.update_prefetch)]
    if prefetch:  # a Python-side default or onupdate the session would have filled in
        raise ValueError(f"bind {', '.join(prefetch)} explicitly in a driver statement")
    names = tuple(compiled.positiontup or ())
    binds = tuple(_bind_converter(compiled.binds[name].type, dialect) for name in names)
    defaults = tuple(compiled.binds[name].value for name in names)
    results = tuple(
        _result_converter(column_type(column), dialect, uuid_objects)
        for column in statement.exported_columns
    )
    return Compiled(str(compiled), names, binds, defaults, results)


class DriverSelect:
    """A Core `select` with named `bindparam`s, run through the driver of the session's connection.

    Rows are tuples in the order of the selected columns. UUID columns hold `uuid.UUID`-likes
    on PostgreSQL and canonical strings on SQLite: fine for JSON output, for grouping the rows of
    one answer, and as parameters of another `DriverSelect`.
    """

    def __init__(self, statement: Any, *, uuid_objects: bool = False) -> None:
        """`uuid_objects`: UUIDs as `uuid.UUID` on SQLite too (to compare them with others)."""
        self.statement = statement
        self.uuid_objects = uuid_objects
        self._compiled: dict[str, Compiled] = {}

    def _compile(self, dialect: Dialect) -> Compiled:
        done = compile_statement(self.statement, dialect, uuid_objects=self.uuid_objects)
        self._compiled[dialect.name] = done
        return done

    async def first(self, session: AsyncSession, **params: Any) -> tuple[Any, ...] | None:
        rows = await self.rows(session, **params)
        return rows[0] if rows else None

    async def rows(self, session: AsyncSession, **params: Any) -> list[tuple[Any, ...]]:
        conn = await session.connection()
        dialect = conn.dialect
        driver = dialect.driver
        if driver not in ("aiosqlite", "asyncpg"):
            return [tuple(r) for r in (await conn.execute(self.statement, params)).all()]
        compiled = self._compiled.get(dialect.name) or self._compile(dialect)
        raw = (await conn.get_raw_connection()).driver_connection
        args = compiled.args(params)
        if driver == "asyncpg":
            records = await raw.fetch(compiled.sql, *args)  # type: ignore[union-attr]
        else:
            # A value stored by a write of this transaction shows too: same connection.
            records = await raw.execute_fetchall(compiled.sql, args)  # type: ignore[union-attr]
        return compiled.rows(records)
