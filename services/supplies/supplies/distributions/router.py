"""Distribution campaigns 物资发放: per-household receipts and the households not reached yet."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses
from supplies.community_stock.errors import NotEnoughStock
from supplies.database import get_session
from supplies.distributions import service
from supplies.distributions.errors import AlreadyReceived, DistributionNotFound, InvalidShares
from supplies.distributions.schemas import (
    DistributionCreate,
    DistributionRead,
    NotReachedPage,
    ReceiptCreate,
    ReceiptRead,
)
from supplies.idempotency.dependencies import idempotency_key
from supplies.orders.errors import HouseholdNotFound

router = APIRouter(tags=["distributions"])


@router.post(
    "",
    response_model=DistributionRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(DistributionNotFound, InvalidShares),
    summary="Start a distribution campaign: what each household receives (staff)",
)
async def create_distribution(
    body: DistributionCreate,
    principal: Principal = Depends(require(Permission.community_stock_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.create_distribution(session, principal, body)


@router.get("", response_model=list[DistributionRead], summary="Distribution campaigns")
async def list_distributions(
    community_id: uuid.UUID | None = Query(None),
    principal: Principal = Depends(require(Permission.community_stock_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_distributions(session, principal, community_id)


@router.get(
    "/{distribution_id}",
    response_model=DistributionRead,
    responses=problem_responses(DistributionNotFound),
    summary="One campaign with households reached and not reached",
)
async def get_distribution(
    distribution_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.community_stock_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_distribution(session, principal, distribution_id)


@router.post(
    "/{distribution_id}/receipts",
    response_model=ReceiptRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        DistributionNotFound, HouseholdNotFound, AlreadyReceived, NotEnoughStock
    ),
    summary="Record that a household received its share (staff, grid workers)",
    description="A grid worker records only for a household of their grid (any other is 404 "
    "`household-not-found`).",
)
async def record_receipt(
    distribution_id: uuid.UUID,
    body: ReceiptCreate,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(require(Permission.distributions_record)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.record_receipt(session, principal, distribution_id, body, key)


@router.get(
    "/{distribution_id}/households-not-reached",
    response_model=NotReachedPage,
    responses=problem_responses(DistributionNotFound),
    summary="Households of the community that have not received their share yet",
    description="A grid worker sees only the households of their grid.",
)
async def households_not_reached(
    distribution_id: uuid.UUID,
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(require(Permission.distributions_record)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.households_not_reached(session, principal, distribution_id, page)
