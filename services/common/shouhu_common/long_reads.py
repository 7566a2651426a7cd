"""Long reads on a read replica. The daily report's and the dashboards' figures and the households
export scan a community's records; with `<PREFIX>_DATABASE_READ_URL` set they run on a PostgreSQL
streaming replica, so their scans leave the primary to the write path (gate logs, orders).
Unset, they read the primary as everything else does.

The replica's transactions are read-only (`default_transaction_read_only`): a write sent there by
mistake fails at once, `cannot execute INSERT in a read-only transaction`, instead of working
against a primary and failing only on a real standby. A replica lags the primary by its replay
delay, so whatever writes, or must see what was just written, takes the primary's session.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shouhu_common.database import make_engine, make_sessionmaker
from shouhu_common.settings import ReadReplicaSettings


@dataclass(frozen=True)
class LongReads:
    """Where a service's long reads go: its read replica, or its primary when it has none."""

    sessionmaker: async_sessionmaker[AsyncSession]
    replica: AsyncEngine | None

    @classmethod
    def open(
        cls, settings: ReadReplicaSettings, primary: async_sessionmaker[AsyncSession]
    ) -> LongReads:
        if not settings.database_read_url:
            return cls(primary, None)
        replica = make_engine(
            settings.database_read_url,
            server_settings={
                "default_transaction_read_only": "on",
                # what the replica's pg_stat_activity shows for these connections
                "application_name": f"shouhu-{settings.service_name}-long-reads",
            },
        )
        return cls(make_sessionmaker(replica), replica)

    async def close(self) -> None:
        if self.replica is not None:
            await self.replica.dispose()


async def get_long_read_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The session of a route that only reads and may read a little behind the primary."""
    long_reads: LongReads = request.app.state.long_reads
    async with long_reads.sessionmaker() as session:
        yield session
