"""Disinfection 消毒: records of places disinfected, recurring schedules, a day's checklist and
the overdue list."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Depends, Query, Response
from pydantic import AwareDatetime
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.operations.disinfections import schedules, service
from registry.operations.disinfections.errors import (
    DisinfectionClientIdReused,
    DisinfectionRecordNotFound,
    DisinfectionScheduleNotFound,
    InvalidDisinfectionTime,
)
from registry.operations.disinfections.models import PlaceKind
from registry.operations.disinfections.repository import RecordFilter
from registry.operations.disinfections.schemas import (
    DisinfectionCreate,
    DisinfectionPage,
    DisinfectionRead,
    OccurrenceRead,
    ScheduleCreate,
    ScheduleFields,
    SchedulePage,
    ScheduleRead,
)
from registry.residents.communities.errors import (
    BuildingNotFound,
    CommunityNotFound,
    CommunityUnclear,
)
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["disinfections"])
can_read = require(Permission.disinfection_read)
can_record = require(Permission.disinfection_record)
can_manage = require(Permission.disinfection_manage)
OccurrencePage = Page[OccurrenceRead]


def _page(items: list[OccurrenceRead], page: PageParams) -> Page[OccurrenceRead]:
    chunk = items[page.offset : page.offset + page.limit]
    return Page(items=chunk, total=len(items), limit=page.limit, offset=page.offset)


@router.post(
    "",
    response_model=DisinfectionRead,
    status_code=201,
    responses={
        200: {"model": DisinfectionRead, "description": "A retry: the first record, unchanged"},
        **problem_responses(
            CommunityNotFound,
            CommunityUnclear,
            BuildingNotFound,
            InvalidDisinfectionTime,
            DisinfectionClientIdReused,
        ),
    },
    summary="Record a place disinfected (once per client_id)",
)
async def record_disinfection(
    body: DisinfectionCreate,
    response: Response,
    principal: Principal = Depends(can_record),
    session: AsyncSession = Depends(get_session),
) -> object:
    result = await service.record_disinfection(session, principal, body)
    response.status_code = 201 if result.created else 200
    return result.record


@router.get(
    "",
    response_model=DisinfectionPage,
    responses=problem_responses(InvalidDisinfectionTime),
    summary="Disinfection records, latest first",
)
async def list_disinfections(
    community_id: uuid.UUID | None = Query(None),
    place_kind: PlaceKind | None = Query(None),
    building_id: uuid.UUID | None = Query(None),
    since: AwareDatetime | None = Query(None, description="Done at or after."),
    until: AwareDatetime | None = Query(None, description="Done before."),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    flt = RecordFilter(None, place_kind, building_id, since, until)
    return await service.list_records(session, principal, community_id, flt, page)


@router.get(
    "/occurrences",
    response_model=OccurrencePage,
    responses=problem_responses(CommunityNotFound, CommunityUnclear, InvalidDisinfectionTime),
    summary="A day's scheduled disinfections, each done, pending, overdue or missed",
)
async def list_occurrences(
    community_id: uuid.UUID | None = Query(None),
    day: date | None = Query(None, description="Local date; default: today."),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return _page(await service.day_occurrences(session, principal, community_id, day), page)


@router.get(
    "/overdue",
    response_model=OccurrencePage,
    responses=problem_responses(CommunityNotFound, CommunityUnclear, InvalidDisinfectionTime),
    summary="Scheduled disinfections past due with no record (default: the last 24 hours)",
)
async def list_overdue_disinfections(
    community_id: uuid.UUID | None = Query(None),
    since: AwareDatetime | None = Query(None, description="Due at or after (last 7 days)."),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return _page(await service.list_overdue(session, principal, community_id, since), page)


@router.post(
    "/schedules",
    response_model=ScheduleRead,
    status_code=201,
    responses=problem_responses(CommunityNotFound, CommunityUnclear, BuildingNotFound),
    summary="Schedule recurring disinfection: times of day × places",
)
async def create_disinfection_schedule(
    body: ScheduleCreate,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await schedules.create_schedule(session, principal, body)


@router.get("/schedules", response_model=SchedulePage, summary="Disinfection schedules")
async def list_disinfection_schedules(
    community_id: uuid.UUID | None = Query(None),
    active_only: bool = Query(False),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await schedules.list_schedules(session, principal, community_id, active_only, page)


@router.get(
    "/schedules/{schedule_id}",
    response_model=ScheduleRead,
    responses=problem_responses(DisinfectionScheduleNotFound),
    summary="One disinfection schedule, its places resolved",
)
async def get_disinfection_schedule(
    schedule_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await schedules.get_schedule(session, principal, schedule_id)


@router.put(
    "/schedules/{schedule_id}",
    response_model=ScheduleRead,
    responses=problem_responses(DisinfectionScheduleNotFound, BuildingNotFound),
    summary="Replace a schedule (new times or places apply from now on)",
)
async def replace_disinfection_schedule(
    schedule_id: uuid.UUID,
    body: ScheduleFields,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await schedules.replace_schedule(session, principal, schedule_id, body)


@router.delete(
    "/schedules/{schedule_id}",
    status_code=204,
    response_class=Response,
    responses=problem_responses(DisinfectionScheduleNotFound),
    summary="Delete a schedule (its records stay)",
)
async def delete_disinfection_schedule(
    schedule_id: uuid.UUID,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> Response:
    await schedules.delete_schedule(session, principal, schedule_id)
    return Response(status_code=204)


@router.get(
    "/{record_id}",
    response_model=DisinfectionRead,
    responses=problem_responses(DisinfectionRecordNotFound),
    summary="One disinfection record",
)
async def get_disinfection(
    record_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_record(session, principal, record_id)
