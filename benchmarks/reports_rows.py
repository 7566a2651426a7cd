"""What the daily report benchmark's two seeders share: the time zone and span of the data, and
rows made complete for `bulk_insert` (COPY names every column)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAYS = 14


def local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), SHANGHAI).astimezone(UTC)


def complete(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """Every column of `table`: the model's default (or NULL) for those `row` leaves out, so the
    seed keeps working when a column with a default is added."""
    out = {}
    for column in table.columns:
        default = column.default
        if column.key in row:
            out[column.key] = row[column.key]
        elif default is not None and default.is_scalar:
            out[column.key] = default.arg  # type: ignore[attr-defined]
        elif default is not None and default.is_callable:
            out[column.key] = default.arg(None)  # type: ignore[attr-defined]
        else:
            out[column.key] = None
    return out


async def analyze(engine: AsyncEngine) -> None:
    """What autovacuum does soon after a bulk load: statistics for the planner and, on
    PostgreSQL, the visibility map that lets an index-only scan skip the table."""
    statement = "VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.exec_driver_sql(statement)
