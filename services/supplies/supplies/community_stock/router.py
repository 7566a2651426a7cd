"""Community stock 社区物资 and its auditable movement log."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses
from supplies.community_stock import service
from supplies.community_stock.errors import (
    InvalidMovement,
    NotEnoughStock,
    StockItemNameTaken,
    StockItemNotFound,
)
from supplies.community_stock.schemas import (
    MovementCreate,
    MovementPage,
    StockItemCreate,
    StockItemRead,
)
from supplies.database import get_session
from supplies.idempotency.dependencies import idempotency_key

router = APIRouter(tags=["community stock"])


@router.get(
    "", response_model=list[StockItemRead], summary="Community stock with quantities on hand"
)
async def list_items(
    community_id: uuid.UUID | None = Query(None),
    principal: Principal = Depends(require(Permission.community_stock_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_items(session, principal, community_id)


@router.post(
    "",
    response_model=StockItemRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(StockItemNotFound, StockItemNameTaken),
    summary="Add a kind of stock the community gives out (staff)",
)
async def create_item(
    body: StockItemCreate,
    principal: Principal = Depends(require(Permission.community_stock_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.create_item(session, principal, body)


@router.get(
    "/{stock_item_id}",
    response_model=StockItemRead,
    responses=problem_responses(StockItemNotFound),
    summary="One stock item and its quantity on hand",
)
async def get_item(
    stock_item_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.community_stock_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_item(session, principal, stock_item_id)


@router.post(
    "/{stock_item_id}/movements",
    response_model=StockItemRead,
    responses=problem_responses(StockItemNotFound, InvalidMovement, NotEnoughStock),
    summary="Record stock received, handed out or adjusted (with a reason)",
)
async def record_movement(
    stock_item_id: uuid.UUID,
    body: MovementCreate,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(require(Permission.community_stock_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.record_movement(session, principal, stock_item_id, body, key)


@router.get(
    "/{stock_item_id}/movements",
    response_model=MovementPage,
    responses=problem_responses(StockItemNotFound),
    summary="The movement log of one stock item, newest first",
    description="A grid worker does not see the shares handed to households outside their grid.",
)
async def list_movements(
    stock_item_id: uuid.UUID,
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(require(Permission.community_stock_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_movements(session, principal, stock_item_id, page)
