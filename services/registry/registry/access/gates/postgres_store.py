"""Gate logs on PostgreSQL straight through asyncpg: one round trip per table per batch.

A batch is `INSERT … SELECT FROM unnest($1::uuid[], …) ON CONFLICT DO NOTHING RETURNING …`,
which tells the new rows from the duplicates in one statement, on a connection borrowed from the
service's SQLAlchemy pool. Through SQLAlchemy the same batch cost ~0.3 ms more CPU. Same contract
as `writer.persist`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, Float, FromClause, Integer, Table
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.sqltypes import DateTime, NullType, String, Uuid

from registry.access.gates.models import GateLog, GateQuotaUse
from registry.access.gates.writer import LogRow, Persisted
from registry.health.referrals.models import Referral
from shouhu_common.database import UTCDateTime


def _pg_array_type(column: Any) -> str:
    kind = column.type
    if isinstance(kind, UTCDateTime | DateTime):
        return "timestamptz[]"
    if isinstance(kind, Uuid | NullType):  # NullType: a foreign key typed by its target (a UUID)
        return "uuid[]"
    if isinstance(kind, Boolean):
        return "boolean[]"
    if isinstance(kind, Float):
        return "float8[]"
    if isinstance(kind, Integer):
        return "int4[]"
    if isinstance(kind, String):
        return "text[]"
    raise TypeError(f"no array type for {column}")


class _Unnest:
    def __init__(self, table: FromClause, conflict: str, returning: str) -> None:
        assert isinstance(table, Table)
        self.columns = [c.name for c in table.c]
        arrays = ", ".join(f"${i + 1}::{_pg_array_type(c)}" for i, c in enumerate(table.c))
        self.sql = (
            f"INSERT INTO {table.name} ({', '.join(self.columns)}) "
            f"SELECT * FROM unnest({arrays}) ON CONFLICT {conflict} DO NOTHING"
            + (f" RETURNING {returning}" if returning else "")
        )

    def args(self, rows: Sequence[dict[str, Any]]) -> list[list[Any]]:
        return [[row.get(name) for row in rows] for name in self.columns]


_LOGS = _Unnest(GateLog.__table__, "(client_id)", "client_id")
_SLOTS = _Unnest(GateQuotaUse.__table__, "", "gate_log_client_id")
_REFERRALS = _Unnest(Referral.__table__, "", "")


class PostgresLogStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def persist(self, rows: Sequence[LogRow]) -> Persisted:
        outcome = Persisted()
        if not rows:
            return outcome
        async with self._engine.connect() as sa_conn:
            raw = await sa_conn.get_raw_connection()
            conn: Any = raw.driver_connection
            async with conn.transaction():
                inserted = await conn.fetch(_LOGS.sql, *_LOGS.args([r.values for r in rows]))
                outcome.inserted = {record[0] for record in inserted}
                new = [r for r in rows if r.client_id in outcome.inserted]
                referrals = [r.referral for r in new if r.referral is not None]
                if referrals:
                    await conn.execute(_REFERRALS.sql, *_REFERRALS.args(referrals))
                claims = [r for r in new if r.quota_claim is not None]
                if claims:
                    won = await conn.fetch(
                        _SLOTS.sql, *_SLOTS.args([r.quota_claim for r in claims if r.quota_claim])
                    )
                    taken = {record[0] for record in won}
                    lost = [r for r in claims if r.client_id not in taken]
                    await _mark_lost(conn, lost)
                    outcome.quota_lost = {r.client_id for r in lost}
        return outcome


async def _mark_lost(conn: Any, lost: list[LogRow]) -> None:
    online = [r.client_id for r in lost if not r.values["offline"]]
    offline = [r.client_id for r in lost if r.values["offline"]]
    if online:
        await conn.execute(
            "UPDATE gate_log SET verdict = 'deny', reason = 'quota_used' "
            "WHERE client_id = ANY($1::uuid[])",
            online,
        )
    if offline:
        await conn.execute(
            "UPDATE gate_log SET flagged = true, server_reason = 'quota_used' "
            "WHERE client_id = ANY($1::uuid[])",
            offline,
        )
