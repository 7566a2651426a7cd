"""Tasks 任务: staff create and assign them; the assignee moves them open → in_progress → done;
staff may cancel a task that is not done. Grid workers and volunteers see and move only the tasks
assigned to them. A retry with the same client id returns the first task."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.tasks import repository
from registry.operations.tasks.errors import (
    AssigneeInactive,
    InvalidDueTime,
    TaskCancelNotAllowed,
    TaskClientIdReused,
    TaskClosed,
    TaskKindMismatch,
    TaskNotFound,
    TaskTransitionNotAllowed,
)
from registry.operations.tasks.models import Task, TaskKind, TaskStatus
from registry.operations.tasks.repository import OPEN, TaskFilter
from registry.operations.tasks.schemas import (
    TaskCreate,
    TaskFields,
    TaskRead,
    TaskStatusChange,
    TaskUpdate,
)
from registry.operations.workers import repository as workers
from registry.operations.workers.errors import WorkerNotFound
from registry.operations.workers.service import workers_of_account
from registry.residents.communities import repository as communities
from registry.residents.communities.errors import BuildingNotFound, CommunityNotFound
from registry.residents.communities.service import community_for
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams
from shouhu_common.permissions import Permission, allows

OWN_TASKS_ONLY = frozenset({Role.grid_worker, Role.gate_volunteer})
NEXT: dict[TaskStatus, frozenset[TaskStatus]] = {
    TaskStatus.open: frozenset({TaskStatus.in_progress, TaskStatus.cancelled}),
    TaskStatus.in_progress: frozenset({TaskStatus.done, TaskStatus.cancelled}),
    TaskStatus.done: frozenset(),
    TaskStatus.cancelled: frozenset(),
}
DUE_PAST = timedelta(days=1)  # a task written down a little late may already be due
DUE_FUTURE = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class Recorded:
    task: TaskRead
    created: bool  # False: a retry with the same client_id


def read_task(task: Task, now: datetime) -> TaskRead:
    overdue = task.status in OPEN and task.due_at is not None and task.due_at < now
    return TaskRead(
        id=task.id,
        client_id=task.client_id,
        community_id=task.community_id,
        kind=task.kind,
        title=task.title,
        note=task.note,
        place=task.place,
        building_id=task.building_id,
        assignee_worker_id=task.assignee_worker_id,
        assignee_name=task.assignee_name,
        due_at=task.due_at,
        status=task.status,
        overdue=overdue,
        meeting_id=task.meeting_id,
        status_note=task.status_note,
        created_by=task.created_by,
        created_at=task.created_at,
        started_at=task.started_at,
        done_at=task.done_at,
        cancelled_at=task.cancelled_at,
        updated_at=task.updated_at,
    )


def check_due(due_at: datetime | None, now: datetime) -> None:
    if due_at is not None and not now - DUE_PAST <= due_at <= now + DUE_FUTURE:
        raise InvalidDueTime("due_at must be between yesterday and a year from now")


async def check_building(
    session: AsyncSession, community_id: uuid.UUID, building_id: uuid.UUID | None
) -> None:
    if building_id is None:
        return
    building = await communities.get_building(session, building_id)
    if building is None or building.community_id != community_id:
        raise BuildingNotFound("no such building in the task's community")


async def assignee_name(
    session: AsyncSession, community_id: uuid.UUID, worker_id: uuid.UUID | None
) -> str:
    """The name of the worker a task goes to: an active worker of the task's community."""
    if worker_id is None:
        return ""
    worker = await workers.get_worker(session, worker_id)
    if worker is None or worker.community_id != community_id:
        raise WorkerNotFound("no such worker in the task's community")
    if not worker.active:
        raise AssigneeInactive()
    return worker.name


async def new_task(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID,
    fields: TaskFields,
    now: datetime,
    *,
    client_id: uuid.UUID | None = None,
    meeting_id: uuid.UUID | None = None,
) -> Task:
    """Adds an open task to the session (the caller commits)."""
    check_due(fields.due_at, now)
    await check_building(session, community_id, fields.building_id)
    name = await assignee_name(session, community_id, fields.assignee_worker_id)
    task = Task(
        client_id=client_id,
        community_id=community_id,
        kind=fields.kind,
        title=fields.title,
        note=fields.note,
        place=fields.place,
        building_id=fields.building_id,
        assignee_worker_id=fields.assignee_worker_id,
        assignee_name=name,
        due_at=fields.due_at,
        status=TaskStatus.open,
        meeting_id=meeting_id,
        created_by=principal.subject,
        created_at=now,
        updated_by=principal.subject,
        updated_at=now,
    )
    repository.add(session, task)
    return task


async def own_worker_ids(session: AsyncSession, principal: Principal) -> list[uuid.UUID]:
    """The roster entries of the caller's account: the tasks assigned to them are theirs."""
    return [w.id for w in await workers_of_account(session, principal)]


async def _sees(session: AsyncSession, principal: Principal, task: Task) -> bool:
    if not principal.in_community(task.community_id):
        return False
    if principal.role not in OWN_TASKS_ONLY:
        return True
    return task.assignee_worker_id in await own_worker_ids(session, principal)


async def _visible(session: AsyncSession, principal: Principal, task_id: uuid.UUID) -> Task:
    """Another community's task, or for a grid worker or volunteer someone else's, is missing."""
    task = await repository.get_task(session, task_id)
    if task is None or not await _sees(session, principal, task):
        raise TaskNotFound()
    return task


async def _replay(
    session: AsyncSession, principal: Principal, body: TaskCreate, now: datetime
) -> Recorded | None:
    assert body.client_id is not None
    earlier = await repository.get_by_client_id(session, body.client_id)
    if earlier is None:
        return None
    if not await _sees(session, principal, earlier):
        raise TaskNotFound()
    if (earlier.title, earlier.kind) != (body.title, body.kind):
        raise TaskClientIdReused(f"client_id {body.client_id} belongs to another task")
    return Recorded(read_task(earlier, now), created=False)


async def create_task(session: AsyncSession, principal: Principal, body: TaskCreate) -> Recorded:
    now = utc_now()
    if body.client_id is not None and (earlier := await _replay(session, principal, body, now)):
        return earlier
    community_id = community_for(principal, body.community_id)
    if await communities.get_community(session, community_id) is None:
        raise CommunityNotFound()
    task = await new_task(session, principal, community_id, body, now, client_id=body.client_id)
    try:
        await session.commit()
    except IntegrityError:  # the same client_id arrived twice at once
        await session.rollback()
        replayed = await _replay(session, principal, body, now)
        if replayed is None:
            raise
        return replayed
    return Recorded(read_task(task, now), created=True)


async def list_tasks(
    session: AsyncSession,
    principal: Principal,
    flt: TaskFilter,
    community_id: uuid.UUID | None,
    mine: bool,
    page: PageParams,
) -> Page[TaskRead]:
    """Grid workers and volunteers list only their own tasks, whatever they ask for."""
    if community_id is not None:
        community_ids: list[uuid.UUID] | None = [community_id]
        if not principal.in_community(community_id):
            community_ids = []
    else:
        community_ids = None if principal.role == Role.admin else list(principal.community_ids)
    assignees = flt.assignee_worker_ids
    if mine or principal.role in OWN_TASKS_ONLY:
        assignees = await own_worker_ids(session, principal)
    now = utc_now()
    flt = TaskFilter(
        community_ids=community_ids,
        status=flt.status,
        kind=flt.kind,
        assignee_worker_ids=assignees,
        meeting_id=flt.meeting_id,
        overdue_at=now if flt.overdue_at is not None else None,
    )
    total, rows = await repository.list_tasks(session, flt, page.limit, page.offset)
    items = [read_task(t, now) for t in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


async def get_task(session: AsyncSession, principal: Principal, task_id: uuid.UUID) -> TaskRead:
    return read_task(await _visible(session, principal, task_id), utc_now())


async def update_task(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID, change: TaskUpdate
) -> TaskRead:
    """Only a task still open or in progress can be edited."""
    task = await _visible(session, principal, task_id)
    if task.status not in OPEN:
        raise TaskClosed()
    now = utc_now()
    sent = change.model_fields_set
    if "due_at" in sent:
        check_due(change.due_at, now)
    if "building_id" in sent:
        await check_building(session, task.community_id, change.building_id)
    if "assignee_worker_id" in sent:
        name = await assignee_name(session, task.community_id, change.assignee_worker_id)
    for field in sent:
        setattr(task, field, getattr(change, field))
    if "assignee_worker_id" in sent:
        task.assignee_name = name
    task.updated_by = principal.subject
    task.updated_at = now
    await session.commit()
    return read_task(task, now)


async def change_status(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID, change: TaskStatusChange
) -> TaskRead:
    """open → in_progress → done, or → cancelled by staff; any other move is a 409. Asking for
    the status the task already has changes nothing (a phone's retry)."""
    task = await _visible(session, principal, task_id)
    now = utc_now()
    if task.status == change.status:
        return read_task(task, now)
    if change.status not in NEXT[task.status]:
        raise TaskTransitionNotAllowed(f"a task {task.status} cannot become {change.status}")
    if change.status == TaskStatus.cancelled and not allows(principal.role, Permission.tasks_write):
        raise TaskCancelNotAllowed()
    _move(task, change.status, principal, now, change.note)
    await session.commit()
    return read_task(task, now)


def _move(task: Task, status: TaskStatus, principal: Principal, now: datetime, note: str) -> None:
    task.status = status
    if status == TaskStatus.in_progress:
        task.started_at = now
    elif status == TaskStatus.done:
        task.started_at = task.started_at or now
        task.done_at = now
    else:
        task.cancelled_at = now
    task.status_note = note
    task.updated_by = principal.subject
    task.updated_at = now


async def complete_with_record(
    session: AsyncSession,
    principal: Principal,
    task_id: uuid.UUID,
    community_id: uuid.UUID,
    kind: TaskKind,
    note: str,
) -> None:
    """Marks done, in the caller's transaction, the task a record of the work completes: a task
    the caller sees, of that kind and community, open or in progress (one done already stays as
    it was). The record is the proof, so an open task goes straight to done."""
    task = await _visible(session, principal, task_id)
    if task.community_id != community_id or task.kind != kind:
        raise TaskKindMismatch(f"task {task_id} is not a {kind} task of this community")
    if task.status == TaskStatus.cancelled:
        raise TaskClosed("the task was cancelled")
    if task.status != TaskStatus.done:
        _move(task, TaskStatus.done, principal, utc_now(), note)


async def tasks_done_count(
    session: AsyncSession, community_id: uuid.UUID, start_utc: datetime, end_utc: datetime
) -> int:
    """Tasks of the community marked done in [start_utc, end_utc): for the daily report."""
    return await repository.count_done(session, community_id, start_utc, end_utc)
