"""Delivery rounds 配送批次: when goods reach the compound, the cutoff, the capacity per partner."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses
from supplies.database import get_session
from supplies.delivery_rounds import service
from supplies.delivery_rounds.errors import DeliveryRoundExists, DeliveryRoundNotFound
from supplies.delivery_rounds.schemas import RoundCreate, RoundRead, RoundSchedule, RoundUpdate
from supplies.delivery_rounds.service import RoundDefaults
from supplies.dependencies import get_round_defaults, get_zone

router = APIRouter(tags=["delivery rounds"])


@router.get(
    "",
    response_model=list[RoundRead],
    summary="Delivery rounds between two dates (a partner sees its own load in each)",
)
async def list_rounds(
    community_id: uuid.UUID | None = Query(None),
    from_date: date | None = Query(None, description="Default: today (community time)."),
    to_date: date | None = Query(
        None, description="Default: `from_date` + 1 day; at most 62 days."
    ),
    partner_id: uuid.UUID | None = Query(None, description="Show this partner's load."),
    principal: Principal = Depends(require(Permission.delivery_rounds_read)),
    session: AsyncSession = Depends(get_session),
    zone: ZoneInfo = Depends(get_zone),
) -> object:
    first = from_date or datetime.now(zone).date()
    last = to_date or first + timedelta(days=1)
    return await service.list_rounds(session, principal, community_id, first, last, partner_id)


@router.post(
    "",
    response_model=RoundRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(DeliveryRoundExists, DeliveryRoundNotFound),
    summary="Open one delivery round (staff)",
)
async def create_round(
    body: RoundCreate,
    principal: Principal = Depends(require(Permission.delivery_rounds_manage)),
    session: AsyncSession = Depends(get_session),
    defaults: RoundDefaults = Depends(get_round_defaults),
) -> object:
    return await service.create_round(session, principal, body, defaults)


@router.post(
    "/schedule",
    response_model=list[RoundRead],
    responses=problem_responses(DeliveryRoundExists, DeliveryRoundNotFound),
    summary="Open the default rounds (10:00 and 16:00) of one or more days (staff)",
    description="Rounds that already exist are returned unchanged, so calling it again is safe.",
)
async def schedule_rounds(
    body: RoundSchedule,
    principal: Principal = Depends(require(Permission.delivery_rounds_manage)),
    session: AsyncSession = Depends(get_session),
    defaults: RoundDefaults = Depends(get_round_defaults),
) -> object:
    return await service.schedule_rounds(session, principal, body, defaults)


@router.get(
    "/{round_id}",
    response_model=RoundRead,
    responses=problem_responses(DeliveryRoundNotFound),
    summary="One delivery round",
)
async def get_round(
    round_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.delivery_rounds_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_round(session, principal, round_id)


@router.patch(
    "/{round_id}",
    response_model=RoundRead,
    responses=problem_responses(DeliveryRoundNotFound),
    summary="Change a round's capacity or close it for orders (staff)",
)
async def update_round(
    round_id: uuid.UUID,
    body: RoundUpdate,
    principal: Principal = Depends(require(Permission.delivery_rounds_manage)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.update_round(session, principal, round_id, body)
