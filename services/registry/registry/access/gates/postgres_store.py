"""Gate logs on PostgreSQL straight through asyncpg: one round trip per table per batch.

A batch is `INSERT … SELECT FROM unnest($1::uuid[], …)` on a connection borrowed from the
service's SQLAlchemy pool; the logs' statement first inserts their receipts (`ON CONFLICT DO
NOTHING`) in a CTE and stores the logs whose receipt was new, returning their client ids: new
logs told from duplicates in one round trip. Through SQLAlchemy the same batch cost ~0.3 ms more
CPU. Before it, one comparison checks that the days of the batch have their partitions (made
ahead, partitions.py). The contract is writer.py's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import FromClause, Table
from sqlalchemy.ext.asyncio import AsyncEngine

from registry.access.gates.models import GateLog, GateQuotaUse
from registry.access.gates.partitions import GateLogDays
from registry.access.gates.writer import LogRow, Stored, communities_with_slots, stored
from registry.health.referrals.models import Referral
from shouhu_common.clock import utc_now
from shouhu_common.driver_writes import asyncpg_connection, column_names, columnar, pg_values


class _Unnest:
    """A batch of rows of a table inserted from one array per column, duplicates ignored."""

    def __init__(self, table: FromClause, conflict: str, returning: str) -> None:
        assert isinstance(table, Table)
        self.columns = column_names(table)
        self.sql = (
            f"INSERT INTO {table.name} ({', '.join(self.columns)}) "
            f"SELECT * FROM {pg_values(table, 1, arrays=True)} ON CONFLICT {conflict} DO NOTHING"
            + (f" RETURNING {returning}" if returning else "")
        )

    def args(self, rows: Sequence[dict[str, Any]]) -> list[list[Any]]:
        return columnar(rows, self.columns)


def _new_logs() -> str:
    """The logs whose receipt is new, stored; their client ids. Receipts go in key order:
    two batches holding the same ids (a retry racing its original on another replica) wait on
    each other in one order, never in a deadlock."""
    logs = GateLog.__table__
    columns = ", ".join(column_names(logs))
    return (
        f"WITH batch ({columns}) AS (SELECT * FROM {pg_values(logs, 1, arrays=True)}), "
        "received AS (INSERT INTO gate_log_receipt (community_id, client_id, occurred_at) "
        "SELECT community_id, client_id, occurred_at FROM batch ORDER BY community_id, client_id "
        "ON CONFLICT (community_id, client_id) DO NOTHING RETURNING community_id, client_id) "
        f"INSERT INTO gate_log ({columns}) SELECT {columns} FROM batch "
        "WHERE (community_id, client_id) IN (SELECT community_id, client_id FROM received) "
        "RETURNING client_id"
    )


_NEW_LOGS = _new_logs()
_LOG_COLUMNS = column_names(GateLog.__table__)
_SLOTS = _Unnest(GateQuotaUse.__table__, "", "gate_log_client_id")
_REFERRALS = _Unnest(Referral.__table__, "", "")
_BUMP_QUOTA_VERSIONS = (
    "INSERT INTO gate_quota_version (community_id, version) "
    "SELECT c, 1 FROM unnest($1::uuid[]) AS c ORDER BY c "
    "ON CONFLICT (community_id) DO UPDATE SET version = gate_quota_version.version + 1 "
    "RETURNING community_id, version"
)


class PostgresLogStore:
    def __init__(self, engine: AsyncEngine, days: GateLogDays | None = None) -> None:
        self._engine = engine
        self.days = days or GateLogDays(engine)

    async def write(self, rows: Sequence[LogRow]) -> list[Stored]:
        if not rows:
            return []
        if self.days.needs_more(max(r.values["occurred_at"] for r in rows)):
            await self.days.ensure_quietly(utc_now())
        async with asyncpg_connection(self._engine) as conn, conn.transaction():
            logs = columnar([r.values for r in rows], _LOG_COLUMNS)
            new_ids = {record[0] for record in await conn.fetch(_NEW_LOGS, *logs)}
            new = [r for r in rows if r.client_id in new_ids]
            referrals = [r.referral for r in new if r.referral is not None]
            if referrals:
                await conn.execute(_REFERRALS.sql, *_REFERRALS.args(referrals))
            claims = [r for r in new if r.quota_claim is not None]
            lost: list[LogRow] = []
            if claims:
                won = await conn.fetch(
                    _SLOTS.sql, *_SLOTS.args([r.quota_claim for r in claims if r.quota_claim])
                )
                taken = {record[0] for record in won}
                lost = [r for r in claims if r.client_id not in taken]
                await _mark_lost(conn, lost)
            lost_ids = {r.client_id for r in lost}
            bumped = communities_with_slots(new, lost_ids)
            versions = dict(await conn.fetch(_BUMP_QUOTA_VERSIONS, bumped)) if bumped else {}
        return stored(rows, new_ids, lost_ids, versions)

    def close(self) -> None:
        pass


async def _mark_lost(conn: Any, lost: list[LogRow]) -> None:
    """Rare: another replica took the slot between this replica's look and its write."""
    for offline, change in (
        (False, "verdict = 'deny', reason = 'quota_used'"),
        (True, "flagged = true, server_reason = 'quota_used'"),
    ):
        rows = [r for r in lost if r.values["offline"] is offline]
        if rows:
            await conn.execute(
                f"UPDATE gate_log SET {change} "
                "WHERE id = ANY($1::uuid[]) AND occurred_at = ANY($2::timestamptz[])",
                [r.values["id"] for r in rows],
                [r.values["occurred_at"] for r in rows],
            )
