from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from supplies.orders.models import OrderStatus


class PickItem(BaseModel):
    name: str
    unit: str
    quantity: int


class PickEntry(BaseModel):
    order_id: uuid.UUID
    household_id: uuid.UUID
    partner_id: uuid.UUID
    room: str
    status: OrderStatus
    door_reason: str
    carrier: str
    handed_over_at: datetime | None
    items: list[PickItem]


class PickFloor(BaseModel):
    floor: int
    entries: list[PickEntry]


class PickUnit(BaseModel):
    unit: int
    floors: list[PickFloor]


class PickBuilding(BaseModel):
    building: str
    door_orders: int
    units: list[PickUnit]


class PickCompound(BaseModel):
    compound: str
    buildings: list[PickBuilding]


class PickList(BaseModel):
    round_id: uuid.UUID
    delivery_date: date
    local_time: str
    door_orders: int
    handed_over: int
    compounds: list[PickCompound] = Field(
        description="Door deliveries by compound → building → unit → floor."
    )


class CarrierAssignment(BaseModel):
    """Who carries the door deliveries of one building (or one unit of it) in a round."""

    model_config = ConfigDict(extra="forbid")

    carrier: str = Field(min_length=1, max_length=50, examples=["网格员 李娜"])
    compound: str = Field(min_length=1, max_length=50)
    building: str = Field(min_length=1, max_length=50)
    unit: int | None = Field(None, ge=1, le=99)


class CarrierAssigned(BaseModel):
    assigned: int


class HandOver(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field("", max_length=200, examples=["无接触，已放门口并敲门告知"])
