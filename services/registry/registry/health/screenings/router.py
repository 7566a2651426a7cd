"""Screening 排查: rounds, the work list, forms, and the community's risk rule."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.health.screenings import service
from registry.health.screenings.errors import (
    NoScreeningRound,
    ScreeningClientIdReused,
    ScreeningHouseholdNotFound,
)
from registry.health.screenings.models import RiskLevel, ScreeningOutcome
from registry.health.screenings.repository import ScreeningFilter
from registry.health.screenings.schemas import (
    ScreeningCreate,
    ScreeningPage,
    ScreeningRead,
    ScreeningRoundCreate,
    ScreeningRoundPage,
    ScreeningRoundRead,
    ScreeningRuleRead,
    ScreeningRuleUpdate,
    WorkListPage,
)
from registry.residents.communities.errors import CommunityNotFound
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["screenings"])
can_read = require(Permission.screenings_read)
can_write = require(Permission.screenings_write)
can_manage = require(Permission.screenings_manage)


@router.post(
    "/rounds",
    response_model=ScreeningRoundRead,
    status_code=201,
    responses=problem_responses(CommunityNotFound),
    summary="Start a new screening round: every household is back on the work list",
)
async def start_screening_round(
    body: ScreeningRoundCreate,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.start_round(session, principal, body)


@router.get("/rounds", response_model=ScreeningRoundPage, summary="A community's rounds")
async def list_screening_rounds(
    community_id: uuid.UUID | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_rounds(session, principal, community_id, page)


@router.get(
    "/work-list",
    response_model=WorkListPage,
    responses=problem_responses(CommunityNotFound, NoScreeningRound),
    summary="Households (in your buildings) not yet screened in the current round",
)
async def get_work_list(
    community_id: uuid.UUID | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.work_list(session, principal, community_id, page)


@router.post(
    "",
    response_model=ScreeningRead,
    status_code=201,
    responses={
        200: {"model": ScreeningRead, "description": "A retry: the first record, unchanged"},
        **problem_responses(
            ScreeningHouseholdNotFound,
            NoScreeningRound,
            ScreeningClientIdReused,
        ),
    },
    summary="Record one household's screening form; its risk level is computed",
)
async def record_screening(
    form: ScreeningCreate,
    response: Response,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> object:
    result = await service.record_screening(session, principal, form)
    response.status_code = 201 if result.created else 200
    return result.screening


@router.get("", response_model=ScreeningPage, summary="Screening forms, paginated and filterable")
async def list_screenings(
    community_id: uuid.UUID | None = Query(None),
    round_id: uuid.UUID | None = Query(None),
    household_id: uuid.UUID | None = Query(None),
    risk_level: RiskLevel | None = Query(None),
    outcome: ScreeningOutcome | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    flt = ScreeningFilter(
        community_ids=[community_id] if community_id else None,
        round_id=round_id,
        household_id=household_id,
        risk_level=risk_level,
        outcome=outcome,
    )
    return await service.list_screenings(session, principal, flt, page)


@router.get(
    "/rules/{community_id}",
    response_model=ScreeningRuleRead,
    responses=problem_responses(CommunityNotFound),
    summary="The risk level each yes-answer gives in a community",
)
async def get_screening_rule(
    community_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_rule(session, principal, community_id)


@router.put(
    "/rules/{community_id}",
    response_model=ScreeningRuleRead,
    responses=problem_responses(CommunityNotFound),
    summary="Adjust the community's screening risk rule",
)
async def set_screening_rule(
    community_id: uuid.UUID,
    change: ScreeningRuleUpdate,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.set_rule(session, principal, community_id, change)
