"""Partner catalogs 商品目录: partners list and price items; staff approve reference prices."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import Forbidden, problem_responses
from supplies.catalog import service, stock
from supplies.catalog.errors import (
    CatalogItemNotFound,
    ItemNameTaken,
    PriceAboveReference,
    StockBelowZero,
)
from supplies.catalog.models import ItemCategory
from supplies.catalog.repository import ItemFilter
from supplies.catalog.schemas import (
    ItemCreate,
    ItemPage,
    ItemRead,
    ItemUpdate,
    PriceChangeRead,
    ReferencePriceSet,
    StockAdjustment,
)
from supplies.database import get_session
from supplies.idempotency.dependencies import idempotency_key
from supplies.idempotency.errors import IdempotencyKeyReused

router = APIRouter(tags=["catalog"])


@router.get(
    "/items",
    response_model=ItemPage,
    summary="Catalog items (a partner sees only its own)",
    description="Prices are in fen (分). `orderable=true` lists what residents can order now: "
    "active, reference price approved, price ≤ reference, in stock.",
)
async def list_items(
    partner_id: uuid.UUID | None = Query(None),
    category: ItemCategory | None = Query(None),
    orderable: bool | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(require(Permission.catalog_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    flt = ItemFilter(
        community_ids=None, partner_id=partner_id, category=category, orderable=orderable
    )
    return await service.list_items(session, principal, flt, page)


@router.post(
    "/items",
    response_model=ItemRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        ItemNameTaken, PriceAboveReference, IdempotencyKeyReused, Forbidden
    ),
    summary="Add an item to the partner's own catalog (partner API key)",
)
async def add_item(
    body: ItemCreate,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(require(Permission.catalog_manage)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.add_item(session, principal, body, key)


@router.get(
    "/items/{item_id}",
    response_model=ItemRead,
    responses=problem_responses(CatalogItemNotFound),
    summary="One catalog item",
)
async def get_item(
    item_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.catalog_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_item(session, principal, item_id)


@router.patch(
    "/items/{item_id}",
    response_model=ItemRead,
    responses=problem_responses(CatalogItemNotFound, ItemNameTaken, PriceAboveReference),
    summary="Change price, stock or details of an own item (partner API key)",
    description="A price above the approved reference price is refused (不加价) with a problem "
    "that names the reference price (extension member `reference_price_fen`). `stock` is what "
    "can still be ordered: each placed order takes its quantities at once and a rejected or "
    "cancelled one gives them back, so setting `stock` outright overwrites what orders took "
    "since you read it. To add arrivals or remove losses, use `POST …/stock-adjustments`.",
)
async def update_item(
    item_id: uuid.UUID,
    body: ItemUpdate,
    principal: Principal = Depends(require(Permission.catalog_manage)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.update_item(session, principal, item_id, body)


@router.post(
    "/items/{item_id}/stock-adjustments",
    response_model=ItemRead,
    responses=problem_responses(CatalogItemNotFound, StockBelowZero, IdempotencyKeyReused),
    summary="Change an own item's stock by a difference (partner API key)",
    description="`change` is added to the available stock at once, keeping what orders took "
    "meanwhile (+120 arrived, −5 spoilt). A change that would take the stock below zero is "
    "refused (409, extension member `stock`: what is in stock now). Send an `Idempotency-Key`: "
    "a retried adjustment is then applied once.",
)
async def adjust_stock(
    item_id: uuid.UUID,
    body: StockAdjustment,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(require(Permission.catalog_manage)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await stock.adjust_stock(session, principal, item_id, body, key)


@router.put(
    "/items/{item_id}/reference-price",
    response_model=ItemRead,
    responses=problem_responses(CatalogItemNotFound),
    summary="Set or approve an item's reference (pre-outbreak) price, with a reason (staff)",
)
async def set_reference_price(
    item_id: uuid.UUID,
    body: ReferencePriceSet,
    principal: Principal = Depends(require(Permission.reference_prices_set)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.set_reference_price(session, principal, item_id, body)


@router.get(
    "/items/{item_id}/price-history",
    response_model=list[PriceChangeRead],
    responses=problem_responses(CatalogItemNotFound),
    summary="Every change of the item's price and reference price",
)
async def price_history(
    item_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.catalog_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.price_history(session, principal, item_id)
