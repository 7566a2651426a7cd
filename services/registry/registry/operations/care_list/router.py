"""Care list 关爱名单: who is checked on, by whom, how often; today's due check-ins; check-ins."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.operations.care_list import check_ins, service
from registry.operations.care_list.errors import (
    CareEntryInactive,
    CareEntryNotFound,
    CarePersonNotFound,
    CheckInClientIdReused,
    InvalidCheckInTime,
)
from registry.operations.care_list.schemas import (
    CareEntryChange,
    CareEntryCreate,
    CareEntryRead,
    CareListBuild,
    CareListBuilt,
    CheckInCreate,
    CheckInRead,
)
from registry.residents.communities.errors import CommunityNotFound
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["care list"])
can_read = require(Permission.care_list_read)
can_manage = require(Permission.care_list_manage)


@router.post(
    "/build",
    response_model=CareListBuilt,
    responses=problem_responses(CommunityNotFound),
    summary="Put everyone the registry marks on the care list",
    description="60 and over living alone, chronic illness, disability, pregnancy, living alone "
    "in a household under quarantine. Safe to run again: it adds the newly marked and updates "
    "categories, and never takes anyone off.",
)
async def build_care_list(
    body: CareListBuild,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.build(session, principal, body.community_id)


@router.post(
    "",
    response_model=CareEntryRead,
    status_code=201,
    responses=problem_responses(CarePersonNotFound),
    summary="Add a person by hand, with the reason",
)
async def add_care_entry(
    body: CareEntryCreate,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.add_entry(session, principal, body)


@router.get(
    "",
    response_model=Page[CareEntryRead],
    summary="The care list in your area, by building and floor",
)
async def list_care_entries(
    community_id: uuid.UUID | None = Query(None),
    due: bool = Query(False, description="Only active entries due today or overdue."),
    mine: bool = Query(False, description="Only those you are responsible for."),
    escalated: bool | None = Query(None, description="Only escalated (true) or not (false)."),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_entries(
        session, principal, community_id, due_only=due, mine=mine, escalated=escalated, page=page
    )


@router.get(
    "/{entry_id}",
    response_model=CareEntryRead,
    responses=problem_responses(CareEntryNotFound),
    summary="One care entry",
)
async def get_care_entry(
    entry_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_entry(session, principal, entry_id)


@router.patch(
    "/{entry_id}",
    response_model=CareEntryRead,
    responses=problem_responses(CareEntryNotFound),
    summary="Change the cadence, the way, the needs, who is responsible, or take off the list",
)
async def change_care_entry(
    entry_id: uuid.UUID,
    body: CareEntryChange,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.change_entry(session, principal, entry_id, body)


@router.post(
    "/{entry_id}/check-ins",
    response_model=CheckInRead,
    status_code=201,
    responses={
        200: {"model": CheckInRead, "description": "A retry: the first check-in, unchanged"},
        **problem_responses(
            CareEntryNotFound, CareEntryInactive, InvalidCheckInTime, CheckInClientIdReused
        ),
    },
    summary="Record a check-in (phone or door) and its outcome",
    description="`needs_help`, or `no_answer` after a `no_answer`, raises a task for staff "
    "(kind `care`) and marks the entry escalated until a `fine`.",
)
async def record_check_in(
    entry_id: uuid.UUID,
    body: CheckInCreate,
    response: Response,
    principal: Principal = Depends(require(Permission.care_check_in)),
    session: AsyncSession = Depends(get_session),
) -> object:
    result = await check_ins.check_in(session, principal, entry_id, body, datetime.now(UTC))
    response.status_code = 201 if result.created else 200
    return result.check_in


@router.get(
    "/{entry_id}/check-ins",
    response_model=Page[CheckInRead],
    responses=problem_responses(CareEntryNotFound),
    summary="An entry's check-ins, newest first",
)
async def list_check_ins(
    entry_id: uuid.UUID,
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    items, total = await check_ins.list_check_ins(
        session, principal, entry_id, page.limit, page.offset
    )
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
