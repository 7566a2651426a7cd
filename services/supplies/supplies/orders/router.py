"""Household orders: residents and staff place and cancel; partners fulfil through the status
machine and report shortages; everyone allowed reads the tracking timeline."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request, status
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import Forbidden, problem_responses
from shouhu_common.responses import json_response
from supplies.database import get_session
from supplies.delivery_rounds.errors import DeliveryRoundNotFound, RoundClosed, RoundFull
from supplies.dependencies import get_zone
from supplies.idempotency.dependencies import idempotency_key
from supplies.idempotency.errors import IdempotencyKeyReused
from supplies.orders import fulfilment, placement, service
from supplies.orders.errors import (
    DuplicateOrderLine,
    FeedCursorAhead,
    HouseholdAddressUnknown,
    HouseholdNotFound,
    InvalidStatusChange,
    ItemNotInCatalog,
    ItemNotOrderable,
    ItemOutOfStock,
    OrderNotCancellable,
    OrderNotFound,
    ReasonRequired,
    ShortageTooLarge,
)
from supplies.orders.examples import DETAIL, FEED, example
from supplies.orders.models import OrderStatus
from supplies.orders.repository import OrderFilter
from supplies.orders.schemas import (
    CancelRequest,
    OrderCreate,
    OrderDetail,
    OrderFeed,
    OrderPage,
    ShortageReport,
    StatusChange,
)
from supplies.partners.errors import PartnerNotFound

router = APIRouter(tags=["orders"])


@router.get(
    "",
    response_model=OrderPage,
    summary="Orders (residents: own household; partners: own)",
    description="Staff see their communities' orders; a grid worker only the orders of the "
    "households of their grid (buildings, or floors of buildings, assigned in the registry).",
)
async def list_orders(
    round_id: uuid.UUID | None = Query(None),
    status: OrderStatus | None = Query(None),
    household_id: uuid.UUID | None = Query(None),
    partner_id: uuid.UUID | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(require(Permission.orders_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    flt = OrderFilter(
        community_ids=None,
        household_id=household_id,
        partner_id=partner_id,
        round_id=round_id,
        status=status,
    )
    return json_response(await service.list_orders(session, principal, flt, page))


@router.post(
    "",
    response_model=OrderDetail,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        HouseholdNotFound,
        HouseholdAddressUnknown,
        PartnerNotFound,
        DeliveryRoundNotFound,
        RoundClosed,
        RoundFull,
        ItemNotInCatalog,
        ItemNotOrderable,
        ItemOutOfStock,
        DuplicateOrderLine,
        IdempotencyKeyReused,
    ),
    summary="Place an order for a household from one partner, in one delivery round",
    description="Residents order for their own household; staff and grid workers name the "
    "`household_id` (a grid worker only a household of their grid: any other is 404 "
    "`household-not-found`). A closed or full round is refused (409) with `next_round`, the next "
    "round that can take the order. Quarantined households get door delivery automatically.",
)
async def place_order(
    request: Request,
    body: OrderCreate,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(require(Permission.orders_place)),
    session: AsyncSession = Depends(get_session),
    zone: ZoneInfo = Depends(get_zone),
) -> object:
    writer = request.app.state.order_writer
    placed = await placement.place_order(session, principal, body, key, zone, writer)
    return json_response(placed, 201)


@router.get(
    "/feed",
    response_model=OrderFeed,
    responses={**problem_responses(Forbidden, FeedCursorAhead), **example(FEED)},
    summary="Partner feed: own orders placed or changed after a cursor (partner API key)",
    description="Start with `after=0`; pass `next_cursor` back as `after`. Each order appears "
    "again whenever it changes (e.g. cancelled by the resident). Filter by `round_id`/`status`. "
    "Cursors are strings of decimal digits, `after` as `next_cursor` and each order's `cursor` "
    "(a bare number like `after=17` is the same string). A cursor beyond the feed's end (one kept "
    "across a reset) is refused: 409 `feed-cursor-ahead` with `feed_end`, the cursor to continue "
    "from (or start again at `0` to read every order once more).",
)
async def order_feed(
    after: str = Query(
        "0",
        pattern=r"^[0-9]{1,18}$",
        description="`next_cursor` of the previous call (decimal digits; `0` for the start).",
    ),
    limit: int = Query(100, ge=1, le=500),
    round_id: uuid.UUID | None = Query(None),
    status: OrderStatus | None = Query(None),
    principal: Principal = Depends(require(Permission.orders_fulfil)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return json_response(
        await service.order_feed(session, principal, int(after), limit, round_id, status)
    )


@router.get(
    "/{order_id}",
    response_model=OrderDetail,
    responses=problem_responses(OrderNotFound),
    summary="One order with its tracking timeline",
    description="A grid worker reaches only the orders of their grid's households; any other "
    "is 404, as is another community's.",
)
async def get_order(
    order_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.orders_read)),
    session: AsyncSession = Depends(get_session),
    zone: ZoneInfo = Depends(get_zone),
) -> object:
    return json_response(await service.get_order(session, principal, order_id, zone))


@router.post(
    "/{order_id}/status",
    response_model=OrderDetail,
    responses={
        **problem_responses(
            OrderNotFound, InvalidStatusChange, ReasonRequired, IdempotencyKeyReused
        ),
        **example(DETAIL),
    },
    summary="Move an own order one step (partner API key)",
    description="placed → accepted | rejected (with `reason`); accepted → packed → "
    "out_for_delivery → delivered_gate | delivered_door (door only for door-delivery orders). "
    "Any other change is 409 `invalid-status-change`.",
)
async def change_status(
    order_id: uuid.UUID,
    body: StatusChange,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(require(Permission.orders_fulfil)),
    session: AsyncSession = Depends(get_session),
    zone: ZoneInfo = Depends(get_zone),
) -> object:
    return json_response(
        await fulfilment.change_status(session, principal, order_id, body, key, zone)
    )


@router.post(
    "/{order_id}/cancel",
    response_model=OrderDetail,
    responses=problem_responses(OrderNotFound, OrderNotCancellable, IdempotencyKeyReused),
    summary="Cancel an order the partner has not accepted yet",
    description="A grid worker cancels only orders of their grid's households (others are 404).",
)
async def cancel_order(
    order_id: uuid.UUID,
    body: CancelRequest,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(require(Permission.orders_place)),
    session: AsyncSession = Depends(get_session),
    zone: ZoneInfo = Depends(get_zone),
) -> object:
    return json_response(
        await fulfilment.cancel_order(session, principal, order_id, body, key, zone)
    )


@router.post(
    "/{order_id}/shortages",
    response_model=OrderDetail,
    responses=problem_responses(
        OrderNotFound, InvalidStatusChange, ShortageTooLarge, ReasonRequired, IdempotencyKeyReused
    ),
    summary="Report items substituted or missing, with the refund (partner API key)",
)
async def report_shortages(
    order_id: uuid.UUID,
    body: ShortageReport,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(require(Permission.orders_fulfil)),
    session: AsyncSession = Depends(get_session),
    zone: ZoneInfo = Depends(get_zone),
) -> object:
    return json_response(
        await fulfilment.report_shortages(session, principal, order_id, body, key, zone)
    )
