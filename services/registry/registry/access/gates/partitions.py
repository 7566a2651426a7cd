"""Gate logs on PostgreSQL: one partition a day of `occurred_at`, made ahead, dropped when old.

`gate_log` is range-partitioned on `occurred_at` (its migration, r0014): the daily report, the
dashboard, the gate figures and the office's log list all read a community's logs between two
instants, so PostgreSQL reads one day's partition (or a few) and prunes the rest, and an old day
leaves by `DROP TABLE` instead of millions of row deletes. The days are China's (UTC+8, no
daylight saving): a community there reads one partition for its daily report.

The partitions live in their own schema, `gate_log_days`, as `d20261208`; `other` is the DEFAULT
partition: a log of a day without a partition (a phone's clock far off, a day older than the
first partition or already dropped) is stored there instead of being refused, and the retention
deletes its old rows.

A partition is made before its day: by the migration, at start-up, every hour by the upkeep task
(retention.py), and from the write path when a batch holds a log within `MARGIN` of the last day
made (that check is one comparison; the DDL runs at most once a day per replica). Making one is
`CREATE TABLE … (LIKE gate_log)` then `ATTACH PARTITION`, which takes only a SHARE UPDATE
EXCLUSIVE lock on `gate_log`, so logs keep being written meanwhile (`CREATE TABLE … PARTITION OF`
would take an ACCESS EXCLUSIVE one). Rows the DEFAULT partition caught for that day are moved into
it first. Replicas take turns under an advisory lock and skip what another made.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from time import monotonic
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from registry.access.gates.models import GateLog
from shouhu_common.driver_writes import store_driver

log = structlog.get_logger("registry.access.gates.partitions")

ZONE = ZoneInfo("Asia/Shanghai")
SCHEMA = "gate_log_days"
DEFAULT = "other"
AHEAD_DAYS = 7  # partitions made for today and this many days after
MARGIN = timedelta(days=2)  # the write path makes more when fewer days than this are left
RETRY_S = 60.0  # after a failed attempt from the write path
LOCK_KEY = 0x5348_474C  # "SHGL": the advisory lock of DDL on gate_log's partitions
# DDL waiting longer for its locks (behind a long read) gives up until the next attempt. Making a
# day blocks no write meanwhile; dropping one takes an ACCESS EXCLUSIVE lock on gate_log (a
# DETACH … CONCURRENTLY is refused while there is a DEFAULT partition), and writes queue behind
# it while it waits.
MAKE_LOCK_TIMEOUT = "5s"
DROP_LOCK_TIMEOUT = "1s"

_COLUMNS = ", ".join(c.name for c in GateLog.__table__.columns)


def day_of(moment: datetime) -> date:
    return moment.astimezone(ZONE).date()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), ZONE)


def partition_name(day: date) -> str:
    return f"d{day:%Y%m%d}"


def day_of_partition(name: str) -> date | None:
    """The day a partition made here holds; None for the DEFAULT one or any other table."""
    if len(name) != 9 or name[0] != "d" or not name[1:].isdigit():
        return None
    return date(int(name[1:5]), int(name[5:7]), int(name[7:9]))


async def partition_days(conn: AsyncConnection) -> dict[date, str]:
    """The days with a partition of their own, and their tables."""
    rows = await conn.execute(
        text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE i.inhparent = 'gate_log'::regclass AND n.nspname = :schema"
        ),
        {"schema": SCHEMA},
    )
    found = {day_of_partition(name): name for (name,) in rows}
    return {day: name for day, name in found.items() if day is not None}


async def _lock(conn: AsyncConnection, timeout: str) -> None:
    await conn.execute(text(f"SET LOCAL lock_timeout = '{timeout}'"))
    await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


async def _make(conn: AsyncConnection, day: date) -> None:
    """The day's partition, with whatever the DEFAULT partition holds of that day."""
    table = f"{SCHEMA}.{partition_name(day)}"
    start, end = day_start(day), day_start(day + timedelta(days=1))
    await conn.execute(text(f"CREATE TABLE {table} (LIKE gate_log INCLUDING DEFAULTS)"))
    moved = await conn.execute(
        text(
            f"WITH moved AS (DELETE FROM {SCHEMA}.{DEFAULT} "
            "WHERE occurred_at >= :start AND occurred_at < :end "
            f"RETURNING {_COLUMNS}) INSERT INTO {table} ({_COLUMNS}) SELECT * FROM moved"
        ),
        {"start": start, "end": end},
    )
    await conn.execute(
        text(
            f"ALTER TABLE gate_log ATTACH PARTITION {table} "
            f"FOR VALUES FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"
        )
    )
    log.info("gate_log_partition_made", day=day.isoformat(), moved=moved.rowcount)


async def _detach_and_drop(conn: AsyncConnection, name: str) -> None:
    await conn.execute(text(f"ALTER TABLE gate_log DETACH PARTITION {SCHEMA}.{name}"))
    await conn.execute(text(f"DROP TABLE {SCHEMA}.{name}"))


class GateLogDays:
    """The partitions of one replica's engine: made ahead, and dropped by the retention."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self.ready_until: datetime | None = None  # the end of the last day made, as far as known
        self._next_try = 0.0

    def needs_more(self, newest: datetime) -> bool:
        """Whether a batch whose newest log is `newest` should have more days made first."""
        if self.ready_until is not None and newest + MARGIN < self.ready_until:
            return False
        return monotonic() >= self._next_try

    async def ensure(self, now: datetime) -> list[date]:
        """Today's partition and the next `AHEAD_DAYS` days', those missing made; the days made."""
        today = day_of(now)
        wanted = [today + timedelta(days=n) for n in range(AHEAD_DAYS + 1)]
        made = await self.make_days(wanted)
        self.ready_until = day_start(wanted[-1] + timedelta(days=1))
        return made

    async def make_days(self, wanted: Sequence[date]) -> list[date]:
        """The partitions of these days that do not exist yet, made; the days made. The service
        makes today's and later ones (`ensure`); a past day's may be made too (a benchmark's
        seed does, before loading its logs)."""
        async with self._engine.begin() as conn:
            missing = [d for d in wanted if d not in await partition_days(conn)]
            if missing:
                await _lock(conn, MAKE_LOCK_TIMEOUT)
                have = await partition_days(conn)  # another replica may have made them
                missing = [d for d in missing if d not in have]
                for day in missing:
                    await _make(conn, day)
        return missing

    async def ensure_quietly(self, now: datetime) -> None:
        """`ensure` from the write path: on failure the batch goes on (a log of a day without a
        partition lands in the DEFAULT one), and the next attempt waits `RETRY_S`."""
        try:
            await self.ensure(now)
        except DBAPIError:
            self._next_try = monotonic() + RETRY_S
            log.warning("gate_log_partitions_not_made", exc_info=True)

    async def drop_before(self, first_kept: date) -> Sequence[date]:
        """Detaches and drops the partitions of the days before `first_kept`, each in its own
        short transaction; the days dropped."""
        async with self._engine.connect() as conn:
            old = sorted(d for d in await partition_days(conn) if d < first_kept)
        dropped: list[date] = []
        for day in old:
            async with self._engine.begin() as conn:
                await _lock(conn, DROP_LOCK_TIMEOUT)
                if day in await partition_days(conn):
                    await _detach_and_drop(conn, partition_name(day))
                    dropped.append(day)
        if dropped:
            log.info("gate_log_partitions_dropped", days=[d.isoformat() for d in dropped])
        return dropped


def days_for(engine: AsyncEngine) -> GateLogDays | None:
    """The partitions' keeper on PostgreSQL; None on SQLite, where `gate_log` is a plain table."""
    return GateLogDays(engine) if store_driver(engine) == "asyncpg" else None
