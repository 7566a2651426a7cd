"""Registration batches written exactly once, one transaction per batch, straight through the
driver (as the gate logs are: registry/access/gates/writer.py): SQLite through the standard
library on a thread of its own (one hop per batch; `BEGIN IMMEDIATE` makes batches take turns),
PostgreSQL through asyncpg on a connection of the engine's pool (batch_postgres.py), where
advisory locks on the batch's people and tube barcodes, taken in one global order, make two
batches touching the same tube or person take turns and leave the others alone. Reads are
set-based (one statement per table for the whole batch); `batch.decide` works the batch out;
the writes are one statement per table. The registrations go in with `ON CONFLICT DO NOTHING`
on (community_id, client_id): should a client id still arrive twice at once, the loser starts
over and finds it stored.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import FromClause, Table
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from registry.health.sampling.batch import (
    REGISTRATION_TABLE,
    TUBE_TABLE,
    Outcome,
    PersonRow,
    Raced,
    RoundRow,
    Snapshot,
    TubeRow,
)
from registry.health.sampling.schemas import Registration
from shouhu_common.driver_reads import Compiled, compile_statement, uuid_hex
from shouhu_common.driver_writes import (
    SqliteThread,
    bind_every_column,
    sqlite_file,
    store_driver,
)

Decide = Callable[[Snapshot], Outcome]
ATTEMPTS = 3

# The reads, with the driver's placeholders: {ids} is a list of ids (or barcodes) of the batch.
_READS = {
    "round": "SELECT community_id, pool_size, status FROM testing_round WHERE id = {round}",
    "points": "SELECT id FROM sampling_point WHERE community_id = {community} "
    "AND round_id = {round}",
    "stored": "SELECT client_id FROM sample_registration "
    "WHERE community_id = {community} AND client_id {in_clients}",
    "people": "SELECT p.id, p.community_id, p.household_id, h.building_id, h.floor "
    "FROM person p JOIN household h ON h.id = p.household_id WHERE p.id {in_people}",
    "tubes": "SELECT barcode, id, round_id, capacity, filled FROM sample_tube "
    "WHERE community_id = {community} AND barcode {in_barcodes}",
    "retests": "SELECT person_id, id, retest_registration_id FROM retest_entry "
    "WHERE community_id = {community} AND round_id = {round} AND person_id {in_people}",
    "sampled": "SELECT DISTINCT person_id FROM sample_registration "
    "WHERE round_id = {round} AND person_id {in_people} AND NOT duplicate",
}


class BatchStore(Protocol):
    async def write(
        self, round_id: uuid.UUID, items: list[Registration], decide: Decide
    ) -> Outcome: ...

    def close(self) -> None: ...


def batch_store_for(engine: AsyncEngine) -> BatchStore:
    if store_driver(engine) == "asyncpg":
        from registry.health.sampling.batch_postgres import PostgresBatchStore

        return PostgresBatchStore(engine)
    return SqliteBatchStore(engine)


def _uuid(value: Any) -> uuid.UUID:
    return value if type(value) is uuid.UUID else uuid.UUID(str(value))


def _maybe_uuid(value: Any) -> uuid.UUID | None:
    return None if value is None else _uuid(value)


_LISTS = {"in_clients": "clients", "in_people": "people", "in_barcodes": "barcodes"}


def _placed(sql: str, mark: Callable[[int, str], str]) -> tuple[str, list[str]]:
    """`sql` with the driver's placeholders, `mark(number, kind)` (kind: "uuid", "uuid[]",
    "text[]"), and the names of its values in their order."""
    fields = sorted(
        (f for f in ("round", "community", *_LISTS) if "{" + f + "}" in sql),
        key=lambda f: sql.index("{" + f + "}"),
    )
    marks: dict[str, str] = {}
    for number, field in enumerate(fields, start=1):
        kind = "uuid" if field in ("round", "community") else "uuid[]"
        marks[field] = mark(number, "text[]" if field == "in_barcodes" else kind)
    return sql.format(**marks), [_LISTS.get(f, f) for f in fields]


def snapshot_of(
    read: Callable[[str], list[Any]], round_id: uuid.UUID, found: list[Any]
) -> Snapshot:
    """`read(name)` runs `_READS[name]`; the answers in the driver's types, made uniform here."""
    if not found:
        return Snapshot(None, set(), set(), {}, {}, {}, set())
    community, pool_size, status = found[0]
    return Snapshot(
        round=RoundRow(round_id, _uuid(community), int(pool_size), str(status)),
        point_ids={_uuid(r[0]) for r in read("points")},
        stored={_uuid(r[0]) for r in read("stored")},
        people={
            _uuid(pid): PersonRow(_uuid(c), _uuid(h), _uuid(b), int(floor))
            for pid, c, h, b, floor in read("people")
        },
        tubes={
            str(code): TubeRow(_uuid(tid), _uuid(rid), int(cap), int(filled))
            for code, tid, rid, cap, filled in read("tubes")
        },
        retests={_uuid(p): (_uuid(e), _maybe_uuid(r)) for p, e, r in read("retests")},
        sampled={_uuid(r[0]) for r in read("sampled")},
    )


# -- SQLite ---------------------------------------------------------------------------------------


def _sqlite_insert(table: FromClause, engine: AsyncEngine, *conflict: str) -> Compiled:
    assert isinstance(table, Table)
    insert = sqlite.insert(table).values(bind_every_column(table))
    if conflict:
        insert = insert.on_conflict_do_nothing(index_elements=list(conflict))
    return compile_statement(insert, engine.dialect)


def _sqlite_mark(_: int, kind: str) -> str:
    return "IN (SELECT value FROM json_each(?))" if kind.endswith("[]") else "?"


class SqliteBatchStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._thread = SqliteThread(sqlite_file(engine), "sampling-sqlite")
        self._tubes = _sqlite_insert(TUBE_TABLE, engine)
        self._registrations = _sqlite_insert(
            REGISTRATION_TABLE, engine, "community_id", "client_id"
        )
        self._reads = {name: _placed(sql, _sqlite_mark) for name, sql in _READS.items()}

    async def write(
        self, round_id: uuid.UUID, items: list[Registration], decide: Decide
    ) -> Outcome:
        return await self._thread.transaction(
            lambda conn: self._write(conn, round_id, items, decide)
        )

    def _write(
        self,
        conn: sqlite3.Connection,
        round_id: uuid.UUID,
        items: list[Registration],
        decide: Decide,
    ) -> Outcome:
        values: dict[str, Any] = {
            "round": uuid_hex(round_id),
            "clients": json.dumps([i.client_id.hex for i in items]),
        }
        answers: dict[str, list[Any]] = {}

        def read(name: str) -> list[Any]:
            if name not in answers:
                sql, params = self._reads[name]
                answers[name] = conn.execute(sql, [values[p] for p in params]).fetchall()
            return answers[name]

        found = read("round")
        if found:
            values["community"] = found[0][0]
            # a batch sent again (half the batches on a bad network) reads no further
            stored = {uuid.UUID(r[0]) for r in read("stored")}
            new = [i for i in items if i.client_id not in stored]
            values["people"] = json.dumps(sorted({i.person_id.hex for i in new}))
            values["barcodes"] = json.dumps(sorted({i.tube_barcode for i in new}))
        snapshot = snapshot_of(read if found else (lambda n: []), round_id, found)
        outcome = decide(snapshot)
        if outcome.new_tubes:
            conn.executemany(self._tubes.sql, [self._tubes.args(t) for t in outcome.new_tubes])
        if outcome.filled:
            conn.executemany(
                "UPDATE sample_tube SET filled = ? WHERE id = ?",
                [(n, uuid_hex(t)) for t, n in outcome.filled],
            )
        if outcome.registrations:
            rows = [self._registrations.args(r) for r in outcome.registrations]
            if conn.executemany(self._registrations.sql, rows).rowcount != len(rows):
                raise Raced()  # not under BEGIN IMMEDIATE: cannot happen
        if outcome.retested:
            conn.executemany(
                "UPDATE retest_entry SET retest_registration_id = ? WHERE id = ?",
                [(uuid_hex(r), uuid_hex(e)) for e, r in outcome.retested],
            )
        return outcome

    def close(self) -> None:
        self._thread.close()
