"""Door deliveries 送货上门: pick lists per round, carriers, hand-over confirmation."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses
from shouhu_common.responses import json_response
from supplies.database import get_session
from supplies.delivery_rounds.errors import DeliveryRoundNotFound
from supplies.dependencies import get_zone
from supplies.door_deliveries import service
from supplies.door_deliveries.errors import NotADoorDelivery
from supplies.door_deliveries.schemas import CarrierAssigned, CarrierAssignment, HandOver, PickList
from supplies.idempotency.dependencies import idempotency_key
from supplies.orders.errors import InvalidStatusChange, OrderNotFound
from supplies.orders.schemas import OrderDetail

router = APIRouter(tags=["door deliveries"])


@router.get(
    "/delivery-rounds/{round_id}/pick-list",
    response_model=PickList,
    responses=problem_responses(DeliveryRoundNotFound),
    summary="Door deliveries of a round by compound → building → unit → floor (staff, grid)",
    description="A grid worker sees only the door deliveries of their grid's households.",
)
async def pick_list(
    round_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.door_deliveries)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return json_response(await service.pick_list(session, principal, round_id))


@router.post(
    "/delivery-rounds/{round_id}/carriers",
    response_model=CarrierAssigned,
    responses=problem_responses(DeliveryRoundNotFound),
    summary="Name who carries a building's (or unit's) door deliveries in a round",
    description="A grid worker names the carrier only of their grid's households' deliveries; "
    "`assigned` counts those.",
)
async def assign_carrier(
    round_id: uuid.UUID,
    body: CarrierAssignment,
    principal: Principal = Depends(require(Permission.door_deliveries)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.assign_carrier(session, principal, round_id, body)


@router.post(
    "/orders/{order_id}/hand-over",
    response_model=OrderDetail,
    responses=problem_responses(OrderNotFound, NotADoorDelivery, InvalidStatusChange),
    summary="Confirm a door delivery was left at the door, no contact (staff, grid)",
    description="A grid worker hands over only orders of their grid's households (others 404).",
)
async def hand_over(
    order_id: uuid.UUID,
    body: HandOver,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(require(Permission.door_deliveries)),
    session: AsyncSession = Depends(get_session),
    zone: ZoneInfo = Depends(get_zone),
) -> object:
    return await service.hand_over(session, principal, order_id, body, key, zone)
