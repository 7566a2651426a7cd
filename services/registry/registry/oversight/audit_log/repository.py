from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.oversight.audit_log.schemas import AuditFilter
from registry.residents.audit.models import AuditEvent


def _filtered(query: Select[Any], flt: AuditFilter) -> Select[Any]:
    conditions = [
        (flt.actor, AuditEvent.actor),
        (flt.action, AuditEvent.action),
        (flt.community_id, AuditEvent.community_id),
        (flt.household_id, AuditEvent.household_id),
        (flt.person_id, AuditEvent.person_id),
    ]
    for value, column in conditions:
        if value is not None:
            query = query.where(column == value)
    if flt.since is not None:
        query = query.where(AuditEvent.at >= flt.since)
    if flt.until is not None:
        query = query.where(AuditEvent.at < flt.until)
    return query


async def count_events(session: AsyncSession, flt: AuditFilter) -> int:
    query = _filtered(select(func.count()).select_from(AuditEvent), flt)
    return (await session.execute(query)).scalar_one()


async def list_events(
    session: AsyncSession, flt: AuditFilter, limit: int, offset: int
) -> list[AuditEvent]:
    query = _filtered(select(AuditEvent), flt).order_by(AuditEvent.at.desc(), AuditEvent.id)
    return list((await session.scalars(query.limit(limit).offset(offset))).all())


async def stream_events(
    session: AsyncSession, flt: AuditFilter, batch: int
) -> AsyncIterator[list[AuditEvent]]:
    query = _filtered(select(AuditEvent), flt).order_by(AuditEvent.at, AuditEvent.id)
    result = await session.stream_scalars(query.execution_options(yield_per=batch))
    async for partition in result.partitions(batch):
        yield list(partition)
