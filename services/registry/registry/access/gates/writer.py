"""Gate logs written exactly once, by group commit.

A store writes a batch of logs in one transaction: insert-or-ignore of their receipts (`ON
CONFLICT DO NOTHING` on the community and client id, `GateLogReceipt`), which tells the new logs
from the ones stored before, and the new logs; the outing-quota slots of the new ones the same
way, where a slot another replica already took turns that log into a quota denial (online) or a
flag (offline), then the referrals of fevers of known people; and it bumps the quota version of each
community where slots were taken (`GateQuotaVersion`: how every replica learns that an exit was
counted). Dedupe is the receipt's, not the log table's: on PostgreSQL the logs are partitioned by
day (partitions.py), and a retry may carry another time than its original.
There is one store per driver (sqlite_store.py, postgres_store.py), chosen by `store_for`.
`GateLogWriter` funnels single online passages into one transaction per batch
(shouhu_common/group_commit.py): whatever queued while the previous commit ran goes into the
next, instead of a transaction per passage, and each caller is answered only after the commit
that holds its row, so nothing acknowledged is ever lost. A batch holds one log per client id:
a retry racing its original waits for the next batch.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from shouhu_common.driver_writes import store_driver
from shouhu_common.group_commit import GroupCommitWriter

if TYPE_CHECKING:
    from registry.access.gates.partitions import GateLogDays


@dataclass(slots=True)
class LogRow:
    values: dict[str, Any]
    quota_claim: dict[str, Any] | None = None
    referral: dict[str, Any] | None = None  # a fever of a known person: to the fever clinic

    @property
    def client_id(self) -> uuid.UUID:
        client_id: uuid.UUID = self.values["client_id"]
        return client_id


class Stored(NamedTuple):
    inserted: bool  # False: a log with this client id was stored before
    quota_lost: bool  # another replica took its quota slot first
    # the community's quota version as this batch left it, when the batch took slots there
    quota_version: int | None = None


def stored(
    rows: Sequence[LogRow],
    inserted: set[uuid.UUID],
    lost: set[uuid.UUID],
    versions: Mapping[uuid.UUID, int],
) -> list[Stored]:
    return [
        Stored(
            r.client_id in inserted,
            r.client_id in lost,
            versions.get(r.values["community_id"]),
        )
        for r in rows
    ]


def communities_with_slots(rows: Sequence[LogRow], lost: set[uuid.UUID]) -> list[uuid.UUID]:
    """The communities where these new rows took quota slots, in one order for every replica
    (their quota version rows are then locked in that order: no deadlock between batches)."""
    return sorted(
        {
            r.quota_claim["community_id"]
            for r in rows
            if r.quota_claim is not None and r.client_id not in lost
        }
    )


def receipt(row: LogRow) -> dict[str, Any]:
    return {
        "community_id": row.values["community_id"],
        "client_id": row.client_id,
        "occurred_at": row.values["occurred_at"],
    }


class LogStore(Protocol):
    async def write(self, rows: Sequence[LogRow]) -> list[Stored]:
        """Stores the rows (one per client id) in one transaction, as the module says."""
        ...

    def close(self) -> None: ...


def _client_id(row: LogRow) -> uuid.UUID:
    return row.client_id


class GateLogWriter(GroupCommitWriter[LogRow, Stored]):
    """One background task per replica; `submit` answers (inserted, quota_lost) after commit."""

    def __init__(self, store: LogStore, *, batch_max: int = 500, wait_ms: float = 0.0) -> None:
        super().__init__(
            store, name="gate_log", batch_max=batch_max, wait_ms=wait_ms, key=_client_id
        )


def store_for(engine: AsyncEngine, days: GateLogDays | None = None) -> LogStore:
    """The store for the engine's driver: a SQLite file, or PostgreSQL through asyncpg (with the
    keeper of the partitions, `days`, its own if not given)."""
    if store_driver(engine) == "asyncpg":
        from registry.access.gates.postgres_store import PostgresLogStore

        return PostgresLogStore(engine, days)
    from registry.access.gates.sqlite_store import SqliteLogStore

    return SqliteLogStore(engine)
