"""Where `OrderWriter` writes: SQLite through the standard library driver on one dedicated thread
(a batch is one hop, each statement a prepared one in C, under the service's SQLite write lock);
PostgreSQL straight through asyncpg (order_store_pg.py); other drivers through the session.
Statements are Core statements compiled once for the engine's dialect, values converted by the
very bind processors SQLAlchemy uses (see shouhu_common/driver_reads.py), so what is stored is
identical to the session's writes.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from shouhu_common.driver_reads import Compiled, column_type, compile_statement
from supplies.catalog.models import CatalogItem
from supplies.delivery_rounds.models import RoundPartnerLoad
from supplies.household_directory.models import HouseholdDirectoryEntry
from supplies.idempotency.models import IdempotencyRecord
from supplies.orders.models import HouseholdOrder, OrderLine, OrderTimelineEntry, PartnerOrderFeed
from supplies.orders.writer import OrderStore, OrderWrite, Refusal, Written
from supplies.webhooks.models import Webhook, WebhookDelivery


def _insert_all(table: Any) -> Any:
    assert isinstance(table, Table)
    return insert(table).values({c.name: bindparam(c.name, type_=column_type(c)) for c in table.c})


class _Refused(Exception):
    def __init__(self, written: Written) -> None:
        self.written = written


class Statements:
    def __init__(self, dialect: Dialect) -> None:
        flavour: Any = postgresql if dialect.name == "postgresql" else sqlite
        load = RoundPartnerLoad.__table__.c
        item = CatalogItem.__table__.c
        feed = PartnerOrderFeed.__table__.c
        entry = HouseholdDirectoryEntry.__table__

        def c(statement: Any) -> Compiled:
            return compile_statement(statement, dialect)

        self.reserve = c(
            update(RoundPartnerLoad)
            .where(
                load.round_id == bindparam("round_id"),
                load.partner_id == bindparam("partner_id"),
                load.order_count < bindparam("capacity"),
            )
            .values(order_count=load.order_count + 1)
        )
        self.load_exists = c(
            select(load.order_count).where(
                load.round_id == bindparam("round_id"), load.partner_id == bindparam("partner_id")
            )
        )
        self.load_create = c(
            flavour.insert(RoundPartnerLoad)
            .values(round_id=bindparam("round_id"), partner_id=bindparam("partner_id"))
            .values(order_count=0)
            .on_conflict_do_nothing()
        )
        self.take = c(
            update(CatalogItem)
            .where(item.id == bindparam("item_id"), item.stock >= bindparam("quantity"))
            .values(stock=item.stock - bindparam("quantity"), updated_at=bindparam("now"))
        )
        self.feed = c(
            update(PartnerOrderFeed)
            .where(feed.partner_id == bindparam("partner_id"))
            .values(last_seq=feed.last_seq + 1)
            .returning(feed.last_seq)
        )
        self.feed_create = c(
            flavour.insert(PartnerOrderFeed)
            .values(partner_id=bindparam("partner_id"))
            .values(last_seq=0)
            .on_conflict_do_nothing()
        )
        upsert = flavour.insert(entry).values(
            {c.name: bindparam(c.name, type_=column_type(c)) for c in entry.c}
        )
        changed = ("community_id", "source", "compound", "building", "unit", "floor", "room")
        self.directory = c(
            upsert.on_conflict_do_update(
                index_elements=["household_id"],
                set_={n: getattr(upsert.excluded, n) for n in (*changed, "updated_at")},
            )
        )
        hook = Webhook.__table__.c
        self.hooks = c(
            select(hook.id).where(hook.partner_id == bindparam("partner_id"), hook.active.is_(True))
        )
        self.order = c(_insert_all(HouseholdOrder.__table__))
        self.line = c(_insert_all(OrderLine.__table__))
        self.timeline = c(_insert_all(OrderTimelineEntry.__table__))
        self.delivery = c(_insert_all(WebhookDelivery.__table__))
        self.idempotency = c(_insert_all(IdempotencyRecord.__table__))


# -- SQLite ---------------------------------------------------------------------------------------


class SqliteOrderStore:
    def __init__(self, path: str, dialect: Dialect, write_lock: asyncio.Lock | None) -> None:
        self._path = path
        self._lock = write_lock
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="order-writer-sqlite")
        self._conn: sqlite3.Connection | None = None
        self._s = Statements(dialect)

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
            for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=5000"):
                conn.execute(f"PRAGMA {pragma}")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._conn = conn
        return self._conn

    async def write(self, batch: Sequence[OrderWrite]) -> list[Written]:
        loop = asyncio.get_running_loop()
        if self._lock is None:
            return await loop.run_in_executor(self._pool, self._write, list(batch))
        async with self._lock:  # the session's writers wait meanwhile, and this for them
            return await loop.run_in_executor(self._pool, self._write, list(batch))

    def _run(self, statement: Compiled, params: dict[str, Any]) -> sqlite3.Cursor:
        assert self._conn is not None
        return self._conn.execute(statement.sql, statement.args(params))

    def _write(self, batch: list[OrderWrite]) -> list[Written]:
        conn = self._connection()
        out: list[Written] = []
        conn.execute("BEGIN IMMEDIATE")
        try:
            for write in batch:
                conn.execute("SAVEPOINT placing")
                try:
                    out.append(self._one(write))
                except _Refused as refused:
                    conn.execute("ROLLBACK TO placing")
                    out.append(refused.written)
                except sqlite3.DatabaseError as exc:  # e.g. a foreign key: this order only
                    conn.execute("ROLLBACK TO placing")
                    out.append(Written(error=exc))
                conn.execute("RELEASE placing")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return out

    def _one(self, w: OrderWrite) -> Written:
        s = self._s
        place = {"round_id": w.round_id, "partner_id": w.partner_id, "capacity": w.capacity}
        for _ in range(2):
            if self._run(s.reserve, place).rowcount == 1:
                break
            if self._run(s.load_exists, place).fetchone() is not None:
                raise _Refused(Written(refusal=Refusal.round_full))
            self._run(s.load_create, place)
        else:
            raise _Refused(Written(refusal=Refusal.round_full))
        for item_id, quantity in w.takes:
            take = {"item_id": item_id, "quantity": quantity, "now": w.now}
            if self._run(s.take, take).rowcount != 1:
                raise _Refused(Written(refusal=Refusal.out_of_stock, item_id=item_id))
        if w.directory_entry is not None:
            self._run(s.directory, w.directory_entry)
        seq = None
        for _ in range(2):
            row = self._run(s.feed, {"partner_id": w.partner_id}).fetchone()
            if row is not None:
                seq = int(row[0])
                break
            self._run(s.feed_create, {"partner_id": w.partner_id})
        if seq is None:
            raise RuntimeError("the partner feed row could not be created")
        self._run(s.order, {**w.order, "change_seq": seq})
        for line in w.lines:
            self._run(s.line, line)
        self._run(s.timeline, w.timeline)
        if w.deliveries is not None:
            hooks = [row[0] for row in self._run(s.hooks, {"partner_id": w.partner_id})]
            for delivery in w.deliveries(seq, hooks):
                self._run(s.delivery, delivery)
        if w.idempotency is not None:
            try:
                self._run(s.idempotency, w.idempotency)
            except sqlite3.IntegrityError as exc:
                raise _Refused(Written(refusal=Refusal.key_taken)) from exc
        return Written(change_seq=seq)

    def close(self) -> None:
        def _close() -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        self._pool.submit(_close).result()
        self._pool.shutdown()


# -- the session, where neither driver is used ------------------------------------------------


class _Executor(Protocol):
    async def run(self, statement: Compiled, params: dict[str, Any]) -> int: ...

    async def fetch(self, statement: Compiled, params: dict[str, Any]) -> Any: ...

    async def fetch_all(self, statement: Compiled, params: dict[str, Any]) -> list[Any]: ...

    def duplicate(self, exc: Exception) -> bool: ...


async def _write_one(s: Statements, ex: _Executor, w: OrderWrite) -> Written:
    """`SqliteOrderStore._one`, awaiting each statement."""
    place = {"round_id": w.round_id, "partner_id": w.partner_id, "capacity": w.capacity}
    for _ in range(2):
        if await ex.run(s.reserve, place) == 1:
            break
        if await ex.fetch(s.load_exists, place) is not None:
            raise _Refused(Written(refusal=Refusal.round_full))
        await ex.run(s.load_create, place)
    else:
        raise _Refused(Written(refusal=Refusal.round_full))
    for item_id, quantity in w.takes:
        if await ex.run(s.take, {"item_id": item_id, "quantity": quantity, "now": w.now}) != 1:
            raise _Refused(Written(refusal=Refusal.out_of_stock, item_id=item_id))
    if w.directory_entry is not None:
        await ex.run(s.directory, w.directory_entry)
    seq = None
    for _ in range(2):
        row = await ex.fetch(s.feed, {"partner_id": w.partner_id})
        if row is not None:
            seq = int(row[0])
            break
        await ex.run(s.feed_create, {"partner_id": w.partner_id})
    if seq is None:
        raise RuntimeError("the partner feed row could not be created")
    await ex.run(s.order, {**w.order, "change_seq": seq})
    for line in w.lines:
        await ex.run(s.line, line)
    await ex.run(s.timeline, w.timeline)
    if w.deliveries is not None:
        hooks = [row[0] for row in await ex.fetch_all(s.hooks, {"partner_id": w.partner_id})]
        for delivery in w.deliveries(seq, hooks):
            await ex.run(s.delivery, delivery)
    if w.idempotency is not None:
        try:
            await ex.run(s.idempotency, w.idempotency)
        except Exception as exc:
            if not ex.duplicate(exc):
                raise
            raise _Refused(Written(refusal=Refusal.key_taken)) from exc
    return Written(change_seq=seq)


class _Session:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def run(self, statement: Compiled, params: dict[str, Any]) -> int:
        result = await self.conn.exec_driver_sql(statement.sql, tuple(statement.args(params)))
        return int(result.rowcount)

    async def fetch(self, statement: Compiled, params: dict[str, Any]) -> Any:
        result = await self.conn.exec_driver_sql(statement.sql, tuple(statement.args(params)))
        return result.first()

    async def fetch_all(self, statement: Compiled, params: dict[str, Any]) -> list[Any]:
        result = await self.conn.exec_driver_sql(statement.sql, tuple(statement.args(params)))
        return list(result.all())

    def duplicate(self, exc: Exception) -> bool:
        return isinstance(exc, IntegrityError)


class SessionOrderWriter:
    """No group commit: the order in the session's own transaction (other drivers)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def submit(self, write: OrderWrite) -> Written:
        conn = await self.session.connection()
        try:
            written = await _write_one(Statements(conn.dialect), _Session(conn), write)
        except _Refused as refused:
            await self.session.rollback()
            return refused.written
        except IntegrityError:
            await self.session.rollback()
            raise
        await self.session.commit()
        return written


def order_store_for(engine: AsyncEngine, write_lock: asyncio.Lock | None) -> OrderStore | None:
    """The store for the engine's driver; None where orders go through the session as before."""
    url = engine.url
    if engine.dialect.driver == "asyncpg":
        from supplies.orders.order_store_pg import PostgresOrderStore

        return PostgresOrderStore(engine)
    if engine.dialect.name == "sqlite" and url.database and url.database != ":memory:":
        return SqliteOrderStore(url.database, engine.dialect, write_lock)
    return None
