"""Queries of gates, gate logs, quota slots and visitors."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.models import (
    Gate,
    GateAssignment,
    GateLog,
    GateLogReceipt,
    GateQuotaUse,
    GateVisitor,
    Verdict,
)
from registry.access.passes.models import AccessPass, PassStatus
from registry.residents.households.models import Household, HouseholdStatus


@dataclass(frozen=True, slots=True)
class LogFilter:
    community_ids: Sequence[uuid.UUID] | None
    gate_id: uuid.UUID | None = None
    household_id: uuid.UUID | None = None
    verdict: Verdict | None = None
    flagged: bool | None = None
    fever: bool | None = None
    since: datetime | None = None
    until: datetime | None = None


async def get_log_by_client_id(
    session: AsyncSession, community_id: uuid.UUID, client_id: uuid.UUID
) -> GateLog | None:
    """The community's log of this client id, found through its receipt's `occurred_at` (on
    the covering index; on PostgreSQL in the one partition that holds it)."""
    occurred_at = (
        select(GateLogReceipt.occurred_at)
        .where(GateLogReceipt.community_id == community_id, GateLogReceipt.client_id == client_id)
        .scalar_subquery()
    )
    query = select(GateLog).where(
        GateLog.community_id == community_id,
        GateLog.occurred_at == occurred_at,
        GateLog.client_id == client_id,
    )
    return (await session.scalars(query)).first()


def _filtered(query: Select[Any], flt: LogFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(GateLog.community_id.in_(flt.community_ids))
    for column, value in (
        (GateLog.gate_id, flt.gate_id),
        (GateLog.household_id, flt.household_id),
        (GateLog.verdict, flt.verdict),
        (GateLog.flagged, flt.flagged),
        (GateLog.fever, flt.fever),
    ):
        if value is not None:
            query = query.where(column == value)
    if flt.since is not None:
        query = query.where(GateLog.occurred_at >= flt.since)
    if flt.until is not None:
        query = query.where(GateLog.occurred_at < flt.until)
    return query


async def list_logs(
    session: AsyncSession, flt: LogFilter, limit: int, offset: int
) -> tuple[int, Sequence[GateLog]]:
    total = (await session.execute(_filtered(select(func.count(GateLog.id)), flt))).scalar_one()
    query = _filtered(select(GateLog), flt).order_by(GateLog.occurred_at.desc(), GateLog.id)
    return int(total), (await session.scalars(query.limit(limit).offset(offset))).all()


async def last_allowed_passage(session: AsyncSession, household_id: uuid.UUID) -> GateLog | None:
    query = (
        select(GateLog)
        .where(GateLog.household_id == household_id, GateLog.verdict == Verdict.allow)
        .order_by(GateLog.occurred_at.desc())
        .limit(1)
    )
    return (await session.scalars(query)).first()


async def day_logs(
    session: AsyncSession, community_id: uuid.UUID, start: datetime, end: datetime
) -> Sequence[Any]:
    query = select(
        GateLog.gate_id,
        GateLog.occurred_at,
        GateLog.direction,
        GateLog.verdict,
        GateLog.reason,
        GateLog.fever,
    ).where(
        GateLog.community_id == community_id,
        GateLog.occurred_at >= start,
        GateLog.occurred_at < end,
    )
    return (await session.execute(query)).all()


async def gates_of(
    session: AsyncSession, community_ids: Sequence[uuid.UUID] | None
) -> Sequence[Gate]:
    query = select(Gate).order_by(Gate.name)
    if community_ids is not None:
        query = query.where(Gate.community_id.in_(community_ids))
    return (await session.scalars(query)).all()


async def gate_by_name(session: AsyncSession, community_id: uuid.UUID, name: str) -> Gate | None:
    query = select(Gate).where(Gate.community_id == community_id, Gate.name == name)
    return (await session.scalars(query)).first()


async def volunteers_of(
    session: AsyncSession, gate_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    query = select(GateAssignment.gate_id, GateAssignment.subject).where(
        GateAssignment.gate_id.in_(gate_ids)
    )
    out: dict[uuid.UUID, list[str]] = {g: [] for g in gate_ids}
    for gate_id, subject in (await session.execute(query)).all():
        out[gate_id].append(subject)
    return {g: sorted(s) for g, s in out.items()}


async def replace_volunteers(
    session: AsyncSession, gate_id: uuid.UUID, subjects: Sequence[str]
) -> None:
    """The volunteers still posted keep the username learned for them."""
    known = select(GateAssignment.subject, GateAssignment.username).where(
        GateAssignment.gate_id == gate_id
    )
    usernames: dict[str, str | None] = dict((await session.execute(known)).all())
    await session.execute(delete(GateAssignment).where(GateAssignment.gate_id == gate_id))
    session.add_all(
        GateAssignment(gate_id=gate_id, subject=s, username=usernames.get(s))
        for s in sorted(set(subjects))
    )


async def learn_username(session: AsyncSession, subject: str, username: str) -> bool:
    """Puts a posted volunteer's username (from their own signed identity) on their postings, and
    takes it off any other subject's (an account made again under the same name). Writes only
    when something changes; True then."""
    rows = select(GateAssignment.subject, GateAssignment.username).where(
        or_(GateAssignment.subject == subject, GateAssignment.username == username)
    )
    found = (await session.execute(rows)).all()
    if all((s == subject) == (name == username) for s, name in found):
        return False
    await session.execute(
        update(GateAssignment)
        .where(GateAssignment.username == username, GateAssignment.subject != subject)
        .values(username=None)
    )
    await session.execute(
        update(GateAssignment).where(GateAssignment.subject == subject).values(username=username)
    )
    return True


async def posted_subject(session: AsyncSession, gate_id: uuid.UUID, username: str) -> str | None:
    """The subject of the volunteer posted at the gate under this username, if exactly one."""
    query = select(GateAssignment.subject).where(
        GateAssignment.gate_id == gate_id, GateAssignment.username == username
    )
    found = (await session.scalars(query)).all()
    return found[0] if len(found) == 1 else None


# -- offline bundle ------------------------------------------------------------------------------


async def pass_statuses(
    session: AsyncSession, community_id: uuid.UUID, since: int | None, now: datetime
) -> Sequence[Any]:
    """(id, status, valid_until) of unexpired passes: the not-active ones for a full bundle, every
    one changed after `since` for a sync."""
    query = select(AccessPass.id, AccessPass.status, AccessPass.valid_until).where(
        AccessPass.community_id == community_id, AccessPass.valid_until > now
    )
    if since is None:
        query = query.where(AccessPass.status != PassStatus.active)
    else:
        query = query.where(AccessPass.state_version > since)
    return (await session.execute(query)).all()


async def closed_household_ids(
    session: AsyncSession, community_id: uuid.UUID
) -> Sequence[uuid.UUID]:
    query = select(Household.id).where(
        Household.community_id == community_id, Household.status != HouseholdStatus.normal
    )
    return (await session.scalars(query)).all()


async def quota_used(
    session: AsyncSession, community_id: uuid.UUID, window: int
) -> Sequence[tuple[uuid.UUID, int]]:
    query = (
        select(GateQuotaUse.subject_id, func.count())
        .where(GateQuotaUse.community_id == community_id, GateQuotaUse.window_index == window)
        .group_by(GateQuotaUse.subject_id)
    )
    return [(s, int(n)) for s, n in (await session.execute(query)).all()]


async def quota_used_by(session: AsyncSession, subject_id: uuid.UUID, window: int) -> int:
    query = select(func.count()).where(
        GateQuotaUse.subject_id == subject_id, GateQuotaUse.window_index == window
    )
    return int((await session.execute(query)).scalar_one())


# -- visitors ------------------------------------------------------------------------------------


async def get_visitor_by_client_id(
    session: AsyncSession, client_id: uuid.UUID
) -> GateVisitor | None:
    query = select(GateVisitor).where(GateVisitor.client_id == client_id)
    return (await session.scalars(query)).first()


async def list_visitors(
    session: AsyncSession,
    community_ids: Sequence[uuid.UUID] | None,
    kind: str | None,
    gate_id: uuid.UUID | None,
    limit: int,
    offset: int,
) -> tuple[int, Sequence[GateVisitor]]:
    query = select(GateVisitor)
    if community_ids is not None:
        query = query.where(GateVisitor.community_id.in_(community_ids))
    if kind is not None:
        query = query.where(GateVisitor.kind == kind)
    if gate_id is not None:
        query = query.where(GateVisitor.gate_id == gate_id)
    total = (
        await session.execute(query.with_only_columns(func.count(GateVisitor.id)))
    ).scalar_one()
    query = query.order_by(GateVisitor.registered_at.desc()).limit(limit).offset(offset)
    return int(total), (await session.scalars(query)).all()
