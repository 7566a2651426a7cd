"""Registration batches on PostgreSQL through asyncpg: three round trips a batch (the module
batch_store.py says what a batch does).

1. The advisory locks of the batch's people and barcodes (one global order: no deadlock between
   batches), the round and its points.
2. Everything else the batch touches, in one `UNION ALL` tagged by kind, read after the locks
   are held (a new snapshot per statement: what the batches before committed shows).
3. The writes as one statement of data-modifying CTEs: new tubes, fill counts, re-test entries,
   and the registrations (`ON CONFLICT DO NOTHING`), whose client ids come back.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from registry.health.sampling.batch import (
    REGISTRATION_TABLE,
    TUBE_TABLE,
    Outcome,
    Raced,
    lock_keys,
)
from registry.health.sampling.batch_store import ATTEMPTS, Decide, snapshot_of
from registry.health.sampling.schemas import Registration
from shouhu_common.driver_writes import asyncpg_connection, column_names, columnar, pg_values

_ROUND = (
    "WITH locks AS (SELECT pg_advisory_xact_lock(k1, k2) FROM unnest($1::int4[], $2::int4[]) "
    "AS k(k1, k2) ORDER BY k1, k2) "
    "SELECT r.community_id, r.pool_size, r.status, (SELECT count(*) FROM locks), "
    "array(SELECT p.id FROM sampling_point p WHERE p.community_id = r.community_id "
    "AND p.round_id = r.id) FROM testing_round r WHERE r.id = $3::uuid"
)
# $1 round, $2 community, $3 client ids, $4 people, $5 barcodes; columns: kind, a, b, c, d,
# text, n1, n2
_TOUCHED = (
    "SELECT 'stored', client_id, NULL::uuid, NULL::uuid, NULL::uuid, NULL::text, NULL::int8, "
    "NULL::int8 FROM sample_registration "
    "WHERE community_id = $2::uuid AND client_id = ANY($3::uuid[]) "
    "UNION ALL SELECT 'people', p.id, p.community_id, p.household_id, h.building_id, NULL, "
    "h.floor, NULL FROM person p JOIN household h ON h.id = p.household_id "
    "WHERE p.id = ANY($4::uuid[]) "
    "UNION ALL SELECT 'tubes', id, round_id, NULL, NULL, barcode, capacity, filled "
    "FROM sample_tube WHERE community_id = $2::uuid AND barcode = ANY($5::text[]) "
    "UNION ALL SELECT 'retests', person_id, id, retest_registration_id, NULL, NULL, NULL, NULL "
    "FROM retest_entry WHERE community_id = $2::uuid AND round_id = $1::uuid "
    "AND person_id = ANY($4::uuid[]) "
    "UNION ALL SELECT DISTINCT 'sampled', person_id, NULL::uuid, NULL::uuid, NULL::uuid, "
    "NULL::text, NULL::int8, NULL::int8 FROM sample_registration "
    "WHERE round_id = $1::uuid AND person_id = ANY($4::uuid[]) AND NOT duplicate"
)
_TUBE_COLUMNS = column_names(TUBE_TABLE)
_REGISTRATION_COLUMNS = column_names(REGISTRATION_TABLE)
_N = len(_TUBE_COLUMNS)
_WRITE = (
    f"WITH tubes AS (INSERT INTO sample_tube ({', '.join(_TUBE_COLUMNS)}) "
    f"SELECT * FROM {pg_values(TUBE_TABLE, 1, arrays=True)}), "
    "filled AS (UPDATE sample_tube t SET filled = v.filled "
    f"FROM unnest(${_N + 1}::uuid[], ${_N + 2}::int8[]) AS v(id, filled) WHERE t.id = v.id), "
    "retested AS (UPDATE retest_entry r SET retest_registration_id = v.registration_id "
    f"FROM unnest(${_N + 3}::uuid[], ${_N + 4}::uuid[]) AS v(id, registration_id) "
    "WHERE r.id = v.id) "
    f"INSERT INTO sample_registration ({', '.join(_REGISTRATION_COLUMNS)}) "
    f"SELECT * FROM {pg_values(REGISTRATION_TABLE, _N + 5, arrays=True)} "
    "ON CONFLICT (community_id, client_id) DO NOTHING RETURNING client_id"
)


def _shaped(rows: list[Any]) -> dict[str, list[tuple[Any, ...]]]:
    """The tagged rows as `batch_store._READS` would answer them, kind by kind."""
    shaped: dict[str, list[tuple[Any, ...]]] = {
        "stored": [],
        "people": [],
        "tubes": [],
        "retests": [],
        "sampled": [],
    }
    for kind, a, b, c, d, text, n1, n2 in rows:
        if kind == "people":
            shaped[kind].append((a, b, c, d, n1))
        elif kind == "tubes":
            shaped[kind].append((text, a, b, n1, n2))
        elif kind == "retests":
            shaped[kind].append((a, b, c))
        else:
            shaped[kind].append((a,))
    return shaped


class PostgresBatchStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def write(
        self, round_id: uuid.UUID, items: list[Registration], decide: Decide
    ) -> Outcome:
        for attempt in range(ATTEMPTS):
            try:
                return await self._attempt(round_id, items, decide)
            except Raced:
                if attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    async def _attempt(
        self, round_id: uuid.UUID, items: list[Registration], decide: Decide
    ) -> Outcome:
        keys = lock_keys(items)
        async with asyncpg_connection(self._engine) as conn, conn.transaction():
            found = await conn.fetch(_ROUND, [k[0] for k in keys], [k[1] for k in keys], round_id)
            shaped: dict[str, list[tuple[Any, ...]]] = {}
            if found:
                community, pool_size, status, _, points = found[0]
                shaped = _shaped(
                    await conn.fetch(
                        _TOUCHED,
                        round_id,
                        community,
                        [i.client_id for i in items],
                        sorted({i.person_id for i in items}),
                        sorted({i.tube_barcode for i in items}),
                    )
                )
                shaped["points"] = [(p,) for p in points]
                found = [(community, pool_size, status)]
            snapshot = snapshot_of(lambda n: shaped.get(n, []), round_id, list(found))
            outcome = decide(snapshot)
            if outcome.registrations:
                await self._store(conn, outcome)
        return outcome

    async def _store(self, conn: Any, outcome: Outcome) -> None:
        stored = await conn.fetch(
            _WRITE,
            *columnar(outcome.new_tubes, _TUBE_COLUMNS),
            [t for t, _ in outcome.filled],
            [n for _, n in outcome.filled],
            [e for e, _ in outcome.retested],
            [r for _, r in outcome.retested],
            *columnar(outcome.registrations, _REGISTRATION_COLUMNS),
        )
        if len(stored) != len(outcome.registrations):
            raise Raced()  # rolls the transaction back; the batch starts over

    def close(self) -> None:
        pass
