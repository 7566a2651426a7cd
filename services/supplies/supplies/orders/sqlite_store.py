"""`OrderWriter`'s store on SQLite, through the standard library driver on one thread of its own:
a batch is one hop to it, each statement a prepared one in C, under the service's SQLite write
lock, each order under a savepoint of its own. Statements are Core statements compiled once for
the engine's dialect, values converted by the very bind processors SQLAlchemy uses
(shouhu_common/driver_reads.py), so what is stored is identical to the session's writes.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy import FromClause, Table, bindparam, insert, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine

from shouhu_common.database import UUID
from shouhu_common.driver_reads import Compiled, compile_statement
from shouhu_common.driver_writes import SqliteThread, bind_every_column, sqlite_file
from supplies.catalog.models import CatalogItem
from supplies.delivery_rounds.models import RoundPartnerLoad
from supplies.household_directory.models import HouseholdDirectoryEntry
from supplies.idempotency.models import IdempotencyRecord
from supplies.orders.models import HouseholdOrder, OrderLine, OrderTimelineEntry, PartnerOrderFeed
from supplies.orders.writer import DIRECTORY_KEPT, OrderWrite, Refusal, Written
from supplies.webhooks.models import Webhook, WebhookDelivery


def _insert_all(table: FromClause) -> Any:
    assert isinstance(table, Table)
    return insert(table).values(bind_every_column(table))


class _Refused(Exception):
    def __init__(self, written: Written) -> None:
        self.written = written


class Statements:
    def __init__(self, dialect: Dialect) -> None:
        load = RoundPartnerLoad.__table__.c
        item = CatalogItem.__table__.c
        feed = PartnerOrderFeed.__table__.c
        entry = HouseholdDirectoryEntry.__table__

        def c(statement: Any) -> Compiled:
            return compile_statement(statement, dialect)

        community = bindparam("community_id", type_=UUID)
        self.reserve = c(
            update(RoundPartnerLoad)
            .where(
                load.community_id == community,
                load.round_id == bindparam("round_id"),
                load.partner_id == bindparam("partner_id"),
                load.order_count < bindparam("capacity"),
            )
            .values(order_count=load.order_count + 1)
        )
        self.load_exists = c(
            select(load.order_count).where(
                load.community_id == community,
                load.round_id == bindparam("round_id"),
                load.partner_id == bindparam("partner_id"),
            )
        )
        self.load_create = c(
            sqlite.insert(RoundPartnerLoad)
            .values(
                community_id=community,
                round_id=bindparam("round_id"),
                partner_id=bindparam("partner_id"),
            )
            .values(order_count=0)
            .on_conflict_do_nothing()
        )
        self.take = c(
            update(CatalogItem)
            .where(
                item.community_id == community,
                item.id == bindparam("item_id"),
                item.stock >= bindparam("quantity"),
            )
            .values(stock=item.stock - bindparam("quantity"), updated_at=bindparam("now"))
        )
        self.feed = c(
            update(PartnerOrderFeed)
            .where(feed.community_id == community, feed.partner_id == bindparam("partner_id"))
            .values(last_seq=feed.last_seq + 1)
            .returning(feed.last_seq)
        )
        self.feed_create = c(
            sqlite.insert(PartnerOrderFeed)
            .values(community_id=community, partner_id=bindparam("partner_id"))
            .values(last_seq=0)
            .on_conflict_do_nothing()
        )
        upsert = sqlite.insert(HouseholdDirectoryEntry).values(bind_every_column(entry))
        replaced = [c.name for c in entry.c if c.name not in DIRECTORY_KEPT]
        self.directory = c(
            upsert.on_conflict_do_update(
                index_elements=["household_id"], set_={n: upsert.excluded[n] for n in replaced}
            )
        )
        hook = Webhook.__table__.c
        self.hooks = c(
            select(hook.id).where(
                hook.community_id == community,
                hook.partner_id == bindparam("partner_id"),
                hook.active.is_(True),
            )
        )
        self.order = c(_insert_all(HouseholdOrder.__table__))
        self.line = c(_insert_all(OrderLine.__table__))
        self.timeline = c(_insert_all(OrderTimelineEntry.__table__))
        self.delivery = c(_insert_all(WebhookDelivery.__table__))
        self.idempotency = c(_insert_all(IdempotencyRecord.__table__))


class SqliteOrderStore:
    def __init__(self, engine: AsyncEngine, write_lock: asyncio.Lock | None) -> None:
        self._thread = SqliteThread(sqlite_file(engine), "order-writer-sqlite")
        self._lock = write_lock
        self._s = Statements(engine.dialect)

    async def write(self, batch: Sequence[OrderWrite]) -> list[Written | Exception]:
        if self._lock is None:
            return await self._thread.transaction(lambda conn: self._write(conn, batch))
        async with self._lock:  # the session's writers wait meanwhile, and this for them
            return await self._thread.transaction(lambda conn: self._write(conn, batch))

    def _write(
        self, conn: sqlite3.Connection, batch: Sequence[OrderWrite]
    ) -> list[Written | Exception]:
        out: list[Written | Exception] = []
        for write in batch:
            conn.execute("SAVEPOINT placing")
            try:
                out.append(self._one(conn, write))
            except _Refused as refused:
                conn.execute("ROLLBACK TO placing")
                out.append(refused.written)
            except sqlite3.DatabaseError as exc:  # e.g. a foreign key: this order only
                conn.execute("ROLLBACK TO placing")
                out.append(exc)
            conn.execute("RELEASE placing")
        return out

    def _one(self, conn: sqlite3.Connection, w: OrderWrite) -> Written:
        s = self._s

        def run(statement: Compiled, params: dict[str, Any]) -> sqlite3.Cursor:
            return conn.execute(statement.sql, statement.args(params))

        place = {
            "community_id": w.community_id,
            "round_id": w.round_id,
            "partner_id": w.partner_id,
            "capacity": w.capacity,
        }
        for _ in range(2):
            if run(s.reserve, place).rowcount == 1:
                break
            if run(s.load_exists, place).fetchone() is not None:
                raise _Refused(Written(refusal=Refusal.round_full))
            run(s.load_create, place)
        else:
            raise _Refused(Written(refusal=Refusal.round_full))
        for item_id, quantity in w.takes:
            take = {
                "community_id": w.community_id,
                "item_id": item_id,
                "quantity": quantity,
                "now": w.now,
            }
            if run(s.take, take).rowcount != 1:
                raise _Refused(Written(refusal=Refusal.out_of_stock, item_id=item_id))
        if w.directory_entry is not None:
            run(s.directory, w.directory_entry)
        partner = {"community_id": w.community_id, "partner_id": w.partner_id}
        seq = None
        for _ in range(2):
            row = run(s.feed, partner).fetchone()
            if row is not None:
                seq = int(row[0])
                break
            run(s.feed_create, partner)
        if seq is None:
            raise RuntimeError("the partner feed row could not be created")
        run(s.order, {**w.order, "change_seq": seq})
        for line in w.lines:
            run(s.line, line)
        run(s.timeline, w.timeline)
        if w.deliveries is not None:
            hooks = [row[0] for row in run(s.hooks, partner)]
            for delivery in w.deliveries(seq, hooks):
                run(s.delivery, delivery)
        if w.idempotency is not None:
            try:
                run(s.idempotency, w.idempotency)
            except sqlite3.IntegrityError as exc:
                raise _Refused(Written(refusal=Refusal.key_taken)) from exc
        return Written(change_seq=seq)

    def close(self) -> None:
        self._thread.close()
