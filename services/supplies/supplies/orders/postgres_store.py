"""`OrderWriter`'s store on PostgreSQL, straight through asyncpg: two round trips per order.

Under load every round trip to the server is two context switches on a busy machine: with the
dozen statements of sqlite_store.py (savepoint, capacity, each item, feed position, each insert,
release) one writer managed ~100 orders/s. Here one statement takes the round's place, the
stock of every item and the feed position, each only if the one before succeeded; a second one
writes the idempotency record, the order, its lines, its timeline entry and its webhook
deliveries, the others only if the record is new. A refused order is undone by compensating
updates on the rows this transaction holds locked (no savepoint round trips), and a batch that an
unexpected error aborts is written again one order per transaction, so the error reaches only
the order that caused it. Same contract as `SqliteOrderStore`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from shouhu_common.driver_writes import asyncpg_connection, column_names, columnar, pg_values
from supplies.household_directory.models import HouseholdDirectoryEntry
from supplies.idempotency.models import IdempotencyRecord
from supplies.orders.models import HouseholdOrder, OrderLine, OrderTimelineEntry
from supplies.orders.writer import DIRECTORY_KEPT, OrderWrite, Refusal, Written
from supplies.webhooks.models import WebhookDelivery

RETRIES = 3  # a batch that deadlocked with another transaction is written again

_ORDER = column_names(HouseholdOrder.__table__)
_LINE = column_names(OrderLine.__table__)
_TIMELINE = column_names(OrderTimelineEntry.__table__)
_RECORD = column_names(IdempotencyRecord.__table__)
_DELIVERY = column_names(WebhookDelivery.__table__)
_DIRECTORY = column_names(HouseholdDirectoryEntry.__table__)

TAKE = """
WITH place AS (
    UPDATE round_partner_load SET order_count = order_count + 1
    WHERE community_id = $7 AND round_id = $1 AND partner_id = $2 AND order_count < $3
    RETURNING 1
), stock AS (
    UPDATE catalog_item AS item SET stock = item.stock - want.quantity, updated_at = $4
    FROM unnest($5::uuid[], $6::bigint[]) AS want(id, quantity)
    WHERE item.community_id = $7 AND item.id = want.id AND item.stock >= want.quantity
      AND EXISTS (SELECT 1 FROM place)
    RETURNING item.id
), feed AS (
    UPDATE partner_order_feed SET last_seq = last_seq + 1
    WHERE community_id = $7 AND partner_id = $2
      AND (SELECT count(*) FROM stock) = cardinality($5::uuid[])
    RETURNING last_seq
)
SELECT (SELECT count(*) FROM place), array(SELECT id FROM stock), (SELECT last_seq FROM feed)
"""

_o, _ln, _t, _k = len(_ORDER), len(_LINE), len(_TIMELINE), len(_RECORD)
_d = 1 + _o + _ln + _t + _k  # first parameter of the delivery values
WRITE = f"""
WITH record AS (
    INSERT INTO idempotency_record ({", ".join(_RECORD)})
    SELECT * FROM {pg_values(IdempotencyRecord.__table__, 1 + _o + _ln + _t, arrays=True)}
    ON CONFLICT DO NOTHING
    RETURNING id
), go AS (
    SELECT cardinality(${1 + _o + _ln + _t}::uuid[]) = 0 OR EXISTS (SELECT 1 FROM record) AS ok
), new_order AS (
    INSERT INTO household_order ({", ".join(_ORDER)})
    SELECT {pg_values(HouseholdOrder.__table__, 1)} WHERE (SELECT ok FROM go)
), new_lines AS (
    INSERT INTO order_line ({", ".join(_LINE)})
    SELECT * FROM {pg_values(OrderLine.__table__, 1 + _o, arrays=True)} WHERE (SELECT ok FROM go)
), new_entry AS (
    INSERT INTO order_timeline ({", ".join(_TIMELINE)})
    SELECT {pg_values(OrderTimelineEntry.__table__, 1 + _o + _ln)} WHERE (SELECT ok FROM go)
), hooks AS (
    SELECT id FROM webhook WHERE community_id = ${1 + _ORDER.index("community_id")}::uuid
      AND partner_id = ${1 + _ORDER.index("partner_id")}::uuid AND active AND (SELECT ok FROM go)
)
SELECT (SELECT ok FROM go), array(SELECT id FROM hooks)
"""
DELIVER = f"""
INSERT INTO webhook_delivery ({", ".join(_DELIVERY)})
SELECT * FROM {pg_values(WebhookDelivery.__table__, 1, arrays=True)}
"""
# an address staff sent for a household the directory does not know (writer.DIRECTORY_KEPT)
_REPLACED = ", ".join(f"{c} = excluded.{c}" for c in _DIRECTORY if c not in DIRECTORY_KEPT)
DIRECTORY = f"""
INSERT INTO household_directory ({", ".join(_DIRECTORY)})
VALUES ({pg_values(HouseholdDirectoryEntry.__table__, 1)})
ON CONFLICT (household_id) DO UPDATE SET {_REPLACED}
"""
RESERVE_EXISTS = (
    "SELECT 1 FROM round_partner_load WHERE community_id = $1 AND round_id = $2 AND partner_id = $3"
)
RESERVE_CREATE = (
    "INSERT INTO round_partner_load (community_id, round_id, partner_id, order_count) "
    "VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING"
)
FEED_CREATE = (
    "INSERT INTO partner_order_feed (community_id, partner_id, last_seq) VALUES ($1, $2, 0) "
    "ON CONFLICT DO NOTHING"
)
UNDO_PLACE = (
    "UPDATE round_partner_load SET order_count = order_count - 1 "
    "WHERE community_id = $1 AND round_id = $2 AND partner_id = $3"
)
UNDO_STOCK = """
UPDATE catalog_item AS item SET stock = item.stock + back.quantity
FROM unnest($2::uuid[], $3::bigint[]) AS back(id, quantity)
WHERE item.community_id = $1 AND item.id = back.id
"""
UNDO_FEED = (
    "UPDATE partner_order_feed SET last_seq = last_seq - 1 "
    "WHERE community_id = $1 AND partner_id = $2"
)


class _Refused(Exception):
    def __init__(self, written: Written) -> None:
        self.written = written


async def _take(conn: Any, w: OrderWrite) -> int:
    """The round's place, the stock and the feed position; refused (and undone) or the position."""
    ids = [item_id for item_id, _ in w.takes]
    quantities = [quantity for _, quantity in w.takes]
    for attempt in range(3):
        placed, taken, seq = await conn.fetchrow(
            TAKE, w.round_id, w.partner_id, w.capacity, w.now, ids, quantities, w.community_id
        )
        place = (w.community_id, w.round_id, w.partner_id)
        if not placed:
            if attempt == 0 and await conn.fetchval(RESERVE_EXISTS, *place) is None:
                await conn.execute(RESERVE_CREATE, *place)
                continue
            raise _Refused(Written(refusal=Refusal.round_full))
        if len(taken) < len(ids):
            back = [(i, q) for i, q in w.takes if i in set(taken)]
            await conn.execute(
                UNDO_STOCK, w.community_id, [i for i, _ in back], [q for _, q in back]
            )
            await conn.execute(UNDO_PLACE, *place)
            short = next(i for i in ids if i not in set(taken))
            raise _Refused(Written(refusal=Refusal.out_of_stock, item_id=short))
        if seq is not None:
            return int(seq)
        # the partner's first order: no feed row yet; give back what was taken and go again
        await conn.execute(UNDO_STOCK, w.community_id, ids, quantities)
        await conn.execute(UNDO_PLACE, *place)
        await conn.execute(FEED_CREATE, w.community_id, w.partner_id)
    raise RuntimeError("the partner feed row could not be created")


async def _write_one(conn: Any, w: OrderWrite) -> Written:
    if w.directory_entry is None:
        return await _write(conn, w)
    # Rare: staff sent the address of a household the directory does not know; under a
    # savepoint, so that a refused order leaves no address behind either.
    async with conn.transaction():
        await conn.execute(DIRECTORY, *[w.directory_entry.get(c) for c in _DIRECTORY])
        return await _write(conn, w)


async def _write(conn: Any, w: OrderWrite) -> Written:
    seq = await _take(conn, w)
    order = {**w.order, "change_seq": seq}
    records = [w.idempotency] if w.idempotency is not None else []
    args = [order.get(c) for c in _ORDER]
    args += columnar(w.lines, _LINE)
    args += [w.timeline.get(c) for c in _TIMELINE]
    args += columnar(records, _RECORD)
    ok, hooks = await conn.fetchrow(WRITE, *args)
    if not ok:
        await conn.execute(UNDO_FEED, w.community_id, w.partner_id)
        await conn.execute(
            UNDO_STOCK, w.community_id, [i for i, _ in w.takes], [q for _, q in w.takes]
        )
        await conn.execute(UNDO_PLACE, w.community_id, w.round_id, w.partner_id)
        raise _Refused(Written(refusal=Refusal.key_taken))
    deliveries = w.deliveries(seq, list(hooks)) if w.deliveries is not None else []
    if deliveries:
        await conn.execute(DELIVER, *columnar(deliveries, _DELIVERY))
    return Written(change_seq=seq)


class PostgresOrderStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def write(self, batch: Sequence[OrderWrite]) -> list[Written | Exception]:
        import asyncpg

        for attempt in range(RETRIES):
            try:
                async with asyncpg_connection(self._engine) as conn:
                    try:
                        return await self._together(conn, batch)
                    except asyncpg.DeadlockDetectedError:
                        raise
                    except asyncpg.PostgresError:
                        if len(batch) == 1:
                            raise
                        return await self._apart(conn, batch)
            except asyncpg.DeadlockDetectedError:
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    async def _together(self, conn: Any, batch: Sequence[OrderWrite]) -> list[Written | Exception]:
        out: list[Written | Exception] = []
        async with conn.transaction():
            for write in batch:
                try:
                    out.append(await _write_one(conn, write))
                except _Refused as refused:
                    out.append(refused.written)
        return out

    async def _apart(self, conn: Any, batch: Sequence[OrderWrite]) -> list[Written | Exception]:
        """One transaction per order: an error stays with its order."""
        import asyncpg

        out: list[Written | Exception] = []
        for write in batch:
            try:
                out.append((await self._together(conn, [write]))[0])
            except asyncpg.PostgresError as exc:
                out.append(exc)
        return out

    def close(self) -> None:
        pass
