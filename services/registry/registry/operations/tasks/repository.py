"""Queries of tasks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.tasks.models import Task, TaskKind, TaskStatus

OPEN = (TaskStatus.open, TaskStatus.in_progress)


@dataclass(frozen=True, slots=True)
class TaskFilter:
    community_ids: Sequence[uuid.UUID] | None  # None: every community
    status: TaskStatus | None = None
    kind: TaskKind | None = None
    assignee_worker_ids: Sequence[uuid.UUID] | None = None  # None: anyone's, assigned or not
    meeting_id: uuid.UUID | None = None
    overdue_at: datetime | None = None  # only tasks still open after their due time at this time


def _filtered(query: Select[Any], flt: TaskFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(Task.community_id.in_(flt.community_ids))
    if flt.status is not None:
        query = query.where(Task.status == flt.status)
    if flt.kind is not None:
        query = query.where(Task.kind == flt.kind)
    if flt.assignee_worker_ids is not None:
        query = query.where(Task.assignee_worker_id.in_(flt.assignee_worker_ids))
    if flt.meeting_id is not None:
        query = query.where(Task.meeting_id == flt.meeting_id)
    if flt.overdue_at is not None:
        query = query.where(Task.status.in_(OPEN), Task.due_at < flt.overdue_at)
    return query


async def list_tasks(
    session: AsyncSession, flt: TaskFilter, limit: int, offset: int
) -> tuple[int, Sequence[Task]]:
    total = (await session.execute(_filtered(select(func.count(Task.id)), flt))).scalar_one()
    query = _filtered(select(Task), flt).order_by(
        Task.due_at.is_(None), Task.due_at, Task.created_at, Task.id
    )
    rows = (await session.scalars(query.limit(limit).offset(offset))).all()
    return int(total), rows


async def get_task(session: AsyncSession, task_id: uuid.UUID) -> Task | None:
    return await session.get(Task, task_id)


async def get_by_client_id(session: AsyncSession, client_id: uuid.UUID) -> Task | None:
    return (await session.scalars(select(Task).where(Task.client_id == client_id))).first()


async def count_done(
    session: AsyncSession, community_id: uuid.UUID, start: datetime, end: datetime
) -> int:
    query = select(func.count(Task.id)).where(
        Task.community_id == community_id,
        Task.status == TaskStatus.done,
        Task.done_at >= start,
        Task.done_at < end,
    )
    return int((await session.execute(query)).scalar_one())


def add(session: AsyncSession, task: Task) -> None:
    session.add(task)
