from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shouhu_common.pagination import Page
from supplies.orders.models import (
    DeliveryMode,
    OrderStatus,
    ShortageKind,
    TimelineKind,
)

MAX_LINES = 50
MAX_QUANTITY = 99


class AddressFields(BaseModel):
    """A household's delivery address: compound 小区, building 楼栋, unit 单元, floor, room."""

    model_config = ConfigDict(extra="forbid")

    compound: str = Field(min_length=1, max_length=50, examples=["东苑"])
    building: str = Field(min_length=1, max_length=50, examples=["3栋"])
    unit: int = Field(1, ge=1, le=99)
    floor: int = Field(ge=-5, le=200)
    room: str = Field(min_length=1, max_length=20, examples=["502"])


class OrderLineCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_id: uuid.UUID
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class OrderCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "partner_id": "5b1f7c2a-0d4e-5f6a-8b9c-0d1e2f3a4b5c",
                    "round_id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
                    "lines": [{"item_id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "quantity": 2}],
                    "note": "放门口即可",
                }
            ]
        },
    )

    household_id: uuid.UUID | None = Field(
        None, description="Staff and grid workers: the household ordered for. Residents: omit."
    )
    partner_id: uuid.UUID
    round_id: uuid.UUID
    lines: list[OrderLineCreate] = Field(min_length=1, max_length=MAX_LINES)
    note: str = Field("", max_length=200)
    address: AddressFields | None = Field(
        None, description="Staff only: records the household's address if the community has none."
    )


class StatusChange(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"status": "accepted"},
                {"status": "rejected", "reason": "今日该批次无法配送"},
                {"status": "delivered_gate"},
            ]
        },
    )

    status: Literal[
        "accepted", "rejected", "packed", "out_for_delivery", "delivered_gate", "delivered_door"
    ]
    reason: str = Field("", max_length=200, description="Required when rejecting.")


class CancelRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field("", max_length=200)


class ShortageLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line_id: uuid.UUID
    kind: ShortageKind
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    substitute_name: str = Field("", max_length=100)
    refunded_fen: int = Field(ge=0, le=10_000_000, description="Amount refunded, in fen.")


class ShortageReport(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "lines": [
                        {
                            "line_id": "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a",
                            "kind": "missing",
                            "quantity": 1,
                            "refunded_fen": 150,
                        }
                    ]
                }
            ]
        },
    )

    lines: list[ShortageLine] = Field(min_length=1, max_length=MAX_LINES)


class OrderLineRead(BaseModel):
    id: uuid.UUID
    item_id: uuid.UUID
    item_name: str
    unit: str
    unit_price_fen: int
    quantity: int
    line_total_fen: int


class ShortageRead(BaseModel):
    line_id: uuid.UUID
    kind: ShortageKind
    quantity: int
    substitute_name: str
    refunded_fen: int
    reported_at: datetime


class RoundRef(BaseModel):
    id: uuid.UUID
    delivery_date: date
    local_time: str


class TimelineEntryRead(BaseModel):
    kind: TimelineKind
    status: OrderStatus
    note: str
    actor_role: str
    at: datetime
    local_time: str = Field(description="`at` in the community's time zone, e.g. 2026-11-24 09:12")


class OrderRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    household_id: uuid.UUID
    partner_id: uuid.UUID
    round: RoundRef
    status: OrderStatus
    delivery_mode: DeliveryMode
    door_reason: str = Field(description="Why the order goes to the door (e.g. home quarantine).")
    address: AddressFields
    lines: list[OrderLineRead]
    shortages: list[ShortageRead]
    total_fen: int
    refunded_fen: int
    payable_fen: int
    on_behalf: bool = Field(description="Placed by staff or a grid worker for the household.")
    note: str
    reason: str = Field(description="Why it was rejected or cancelled.")
    carrier: str
    handed_over_at: datetime | None
    group_buy_id: uuid.UUID | None
    cursor: str = Field(description="Feed position of the order's last change (partner feed).")
    created_at: datetime
    updated_at: datetime


class OrderDetail(OrderRead):
    timeline: list[TimelineEntryRead]


class OrderFeed(BaseModel):
    items: list[OrderRead]
    next_cursor: str = Field(
        description="Pass as `after` on the next call (a string of decimal digits, as `after`)."
    )


OrderPage = Page[OrderRead]
