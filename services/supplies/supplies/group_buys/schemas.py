from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from supplies.orders.models import DeliveryMode, OrderStatus
from supplies.orders.schemas import AddressFields


class GroupBuyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    round_id: uuid.UUID


class GroupBuyLine(BaseModel):
    item_id: uuid.UUID
    item_name: str
    unit: str
    unit_price_fen: int
    quantity: int
    total_fen: int


class HouseholdShareLine(BaseModel):
    item_id: uuid.UUID
    item_name: str
    quantity: int


class HouseholdShare(BaseModel):
    """The part of the combined order that goes to one household."""

    order_id: uuid.UUID
    household_id: uuid.UUID
    status: OrderStatus
    delivery_mode: DeliveryMode
    address: AddressFields
    lines: list[HouseholdShareLine]


class GroupBuyRead(BaseModel):
    id: uuid.UUID
    round_id: uuid.UUID
    partner_id: uuid.UUID
    orders: int
    total_fen: int
    created_at: datetime
    updated_at: datetime


class GroupBuyDetail(GroupBuyRead):
    lines: list[GroupBuyLine]
    households: list[HouseholdShare]
