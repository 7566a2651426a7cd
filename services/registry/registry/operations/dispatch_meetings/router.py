"""Dispatch log 调度会: meeting notes whose action items become tasks."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.operations.dispatch_meetings import service
from registry.operations.dispatch_meetings.errors import (
    InvalidMeetingTime,
    MeetingClientIdReused,
    MeetingNotFound,
)
from registry.operations.dispatch_meetings.schemas import MeetingCreate, MeetingPage, MeetingRead
from registry.operations.tasks.errors import AssigneeInactive, InvalidDueTime
from registry.operations.workers.errors import WorkerNotFound
from registry.residents.communities.errors import (
    BuildingNotFound,
    CommunityNotFound,
    CommunityUnclear,
)
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["dispatch-meetings"])
can_read = require(Permission.dispatch_read)
can_write = require(Permission.dispatch_write)


@router.post(
    "",
    response_model=MeetingRead,
    status_code=201,
    responses={
        200: {"model": MeetingRead, "description": "A retry: the first note, unchanged"},
        **problem_responses(
            CommunityNotFound,
            CommunityUnclear,
            InvalidMeetingTime,
            MeetingClientIdReused,
            BuildingNotFound,
            WorkerNotFound,
            AssigneeInactive,
            InvalidDueTime,
        ),
    },
    summary="Record a dispatch meeting; its action items become tasks in the same transaction",
)
async def record_dispatch_meeting(
    body: MeetingCreate,
    response: Response,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> object:
    meeting, created = await service.record_meeting(session, principal, body)
    response.status_code = 201 if created else 200
    return meeting


@router.get("", response_model=MeetingPage, summary="Dispatch meetings, latest first")
async def list_dispatch_meetings(
    community_id: uuid.UUID | None = Query(None),
    day: date | None = Query(None, description="Local date of the meeting."),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_meetings(session, principal, community_id, day, page)


@router.get(
    "/{meeting_id}",
    response_model=MeetingRead,
    responses=problem_responses(MeetingNotFound),
    summary="One dispatch meeting with its tasks",
)
async def get_dispatch_meeting(
    meeting_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_meeting(session, principal, meeting_id)
