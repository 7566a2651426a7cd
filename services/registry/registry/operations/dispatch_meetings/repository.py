"""Queries of dispatch meetings and their tasks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.dispatch_meetings.models import DispatchMeeting
from registry.operations.tasks.models import Task


async def get_meeting(session: AsyncSession, meeting_id: uuid.UUID) -> DispatchMeeting | None:
    return await session.get(DispatchMeeting, meeting_id)


async def get_by_client_id(session: AsyncSession, client_id: uuid.UUID) -> DispatchMeeting | None:
    query = select(DispatchMeeting).where(DispatchMeeting.client_id == client_id)
    return (await session.scalars(query)).first()


async def list_meetings(
    session: AsyncSession,
    community_ids: Sequence[uuid.UUID] | None,
    day: date | None,
    limit: int,
    offset: int,
) -> tuple[int, Sequence[DispatchMeeting]]:
    where: list[ColumnElement[bool]] = []
    if community_ids is not None:
        where.append(DispatchMeeting.community_id.in_(community_ids))
    if day is not None:
        where.append(DispatchMeeting.local_date == day)
    total = (await session.execute(select(func.count(DispatchMeeting.id)).where(*where))).scalar()
    query = (
        select(DispatchMeeting)
        .where(*where)
        .order_by(DispatchMeeting.held_at.desc(), DispatchMeeting.id)
        .limit(limit)
        .offset(offset)
    )
    return int(total or 0), (await session.scalars(query)).all()


async def tasks_of_meetings(
    session: AsyncSession, meeting_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Task]]:
    out: dict[uuid.UUID, list[Task]] = {m: [] for m in meeting_ids}
    if not meeting_ids:
        return out
    query = (
        select(Task)
        .where(Task.meeting_id.in_(meeting_ids))
        .order_by(Task.due_at.is_(None), Task.due_at, Task.title, Task.id)
    )
    for task in await session.scalars(query):
        assert task.meeting_id is not None
        out[task.meeting_id].append(task)
    return out


def add(session: AsyncSession, meeting: DispatchMeeting) -> None:
    session.add(meeting)
