"""Tasks 任务: create, assign, list, and move through open → in_progress → done."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.operations.tasks import service
from registry.operations.tasks.errors import (
    AssigneeInactive,
    InvalidDueTime,
    TaskCancelNotAllowed,
    TaskClientIdReused,
    TaskClosed,
    TaskNotFound,
    TaskTransitionNotAllowed,
)
from registry.operations.tasks.models import TaskKind, TaskStatus
from registry.operations.tasks.repository import TaskFilter
from registry.operations.tasks.schemas import (
    TaskCreate,
    TaskPage,
    TaskRead,
    TaskStatusChange,
    TaskUpdate,
)
from registry.operations.workers.errors import WorkerNotFound
from registry.residents.communities.errors import (
    BuildingNotFound,
    CommunityNotFound,
    CommunityUnclear,
)
from shouhu_common.auth import require
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["tasks"])
can_read = require(Permission.tasks_read)
can_write = require(Permission.tasks_write)
can_progress = require(Permission.tasks_progress)


@router.post(
    "",
    response_model=TaskRead,
    status_code=201,
    responses={
        200: {"model": TaskRead, "description": "A retry: the first task, unchanged"},
        **problem_responses(
            CommunityNotFound,
            CommunityUnclear,
            BuildingNotFound,
            WorkerNotFound,
            AssigneeInactive,
            InvalidDueTime,
            TaskClientIdReused,
        ),
    },
    summary="Create a task (poster, distribution, phone calls, disinfection…) for a worker",
)
async def create_task(
    body: TaskCreate,
    response: Response,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> object:
    result = await service.create_task(session, principal, body)
    response.status_code = 201 if result.created else 200
    return result.task


@router.get(
    "",
    response_model=TaskPage,
    summary="Tasks, soonest due first (grid workers and volunteers: their own)",
)
async def list_tasks(
    community_id: uuid.UUID | None = Query(None),
    status: TaskStatus | None = Query(None),
    kind: TaskKind | None = Query(None),
    assignee_worker_id: uuid.UUID | None = Query(None),
    meeting_id: uuid.UUID | None = Query(None),
    mine: bool = Query(False, description="Only the tasks assigned to the caller."),
    overdue: bool = Query(False, description="Only tasks still open after their due time."),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    flt = TaskFilter(
        community_ids=None,
        status=status,
        kind=kind,
        assignee_worker_ids=[assignee_worker_id] if assignee_worker_id else None,
        meeting_id=meeting_id,
        overdue_at=utc_now() if overdue else None,
    )
    return await service.list_tasks(session, principal, flt, community_id, mine, page)


@router.get(
    "/{task_id}",
    response_model=TaskRead,
    responses=problem_responses(TaskNotFound),
    summary="One task",
)
async def get_task(
    task_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_task(session, principal, task_id)


@router.patch(
    "/{task_id}",
    response_model=TaskRead,
    responses=problem_responses(
        TaskNotFound,
        TaskClosed,
        BuildingNotFound,
        WorkerNotFound,
        AssigneeInactive,
        InvalidDueTime,
    ),
    summary="Change what a task says, its assignee or due time (while it is not done)",
)
async def update_task(
    task_id: uuid.UUID,
    change: TaskUpdate,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.update_task(session, principal, task_id, change)


@router.post(
    "/{task_id}/status",
    response_model=TaskRead,
    responses=problem_responses(TaskNotFound, TaskTransitionNotAllowed, TaskCancelNotAllowed),
    summary="Start, finish or cancel a task (open → in_progress → done; cancel: staff)",
)
async def change_task_status(
    task_id: uuid.UUID,
    change: TaskStatusChange,
    principal: Principal = Depends(can_progress),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.change_status(session, principal, task_id, change)
