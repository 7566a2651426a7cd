"""Gate logs on SQLite through the standard library driver, on one thread of its own.

Through SQLAlchemy's async adapter a batch cost about 0.4 ms of CPU before its first row (begin,
statement, commit: each a hop to aiosqlite's thread and back) and 85 µs a row; here a batch is
one hop, and each row one prepared statement in C. Statements are compiled once for the engine's
dialect and values converted by the very bind processors SQLAlchemy uses for these columns
(shouhu_common/driver_reads.py), so what is stored is identical. The contract is writer.py's.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import FromClause, Table
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from registry.access.gates.models import GateLog, GateLogReceipt, GateQuotaUse
from registry.access.gates.writer import LogRow, Stored, communities_with_slots, receipt, stored
from registry.health.referrals.models import Referral
from shouhu_common.driver_reads import Compiled, compile_statement, uuid_hex
from shouhu_common.driver_writes import SqliteThread, bind_every_column, sqlite_file


def _insert(table: FromClause, engine: AsyncEngine) -> Compiled:
    assert isinstance(table, Table)
    return compile_statement(sqlite.insert(table).values(bind_every_column(table)), engine.dialect)


def _insert_or_ignore(table: FromClause, engine: AsyncEngine, *conflict: str) -> Compiled:
    assert isinstance(table, Table)
    insert = sqlite.insert(table).values(bind_every_column(table))
    ignore = insert.on_conflict_do_nothing(index_elements=list(conflict) or None)
    return compile_statement(ignore, engine.dialect)


_BUMP_QUOTA_VERSION = (
    "INSERT INTO gate_quota_version (community_id, version) VALUES (?, 1) "
    "ON CONFLICT (community_id) DO UPDATE SET version = version + 1 RETURNING version"
)


class SqliteLogStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._thread = SqliteThread(sqlite_file(engine), "gate-log-sqlite")
        self._receipts = _insert_or_ignore(
            GateLogReceipt.__table__, engine, "community_id", "client_id"
        )
        self._logs = _insert(GateLog.__table__, engine)
        self._slots = _insert_or_ignore(GateQuotaUse.__table__, engine)
        self._referrals = _insert_or_ignore(Referral.__table__, engine)

    async def write(self, rows: Sequence[LogRow]) -> list[Stored]:
        if not rows:
            return []
        inserted, lost, versions = await self._thread.transaction(
            lambda conn: self._write(conn, rows)
        )
        return stored(rows, inserted, lost, versions)

    def _write(
        self, conn: sqlite3.Connection, rows: Sequence[LogRow]
    ) -> tuple[set[uuid.UUID], set[uuid.UUID], dict[uuid.UUID, int]]:
        def run(statement: Compiled, values: dict[str, Any]) -> int:
            return conn.execute(statement.sql, statement.args(values)).rowcount

        inserted = {row.client_id for row in rows if run(self._receipts, receipt(row)) == 1}
        new = [r for r in rows if r.client_id in inserted]
        for row in new:
            run(self._logs, row.values)
            if row.referral is not None:
                run(self._referrals, row.referral)
        lost: set[uuid.UUID] = set()
        for row in new:
            if row.quota_claim is None or run(self._slots, row.quota_claim) == 1:
                continue
            lost.add(row.client_id)
            change = (
                "flagged = 1, server_reason = 'quota_used'"
                if row.values["offline"]
                else "verdict = 'deny', reason = 'quota_used'"
            )
            conn.execute(
                f"UPDATE gate_log SET {change} WHERE id = ?", (uuid_hex(row.values["id"]),)
            )
        versions: dict[uuid.UUID, int] = {}
        for community_id in communities_with_slots(new, lost):
            [(version,)] = conn.execute(_BUMP_QUOTA_VERSION, (uuid_hex(community_id),)).fetchall()
            versions[community_id] = version
        return inserted, lost, versions

    def close(self) -> None:
        self._thread.close()
