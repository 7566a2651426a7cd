from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shouhu_common.pagination import Page
from supplies.community_stock.models import MovementKind

MAX_QUANTITY = 1_000_000


class StockItemCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"community_id": "…", "name": "口罩", "unit": "只"}]},
    )

    community_id: uuid.UUID
    name: str = Field(min_length=1, max_length=100)
    unit: str = Field(min_length=1, max_length=20)
    scarce: bool = Field(False, description="Protective gear handed out by priority rules.")


class StockItemRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    name: str
    unit: str
    scarce: bool
    on_hand: int = Field(description="The sum of every movement.")


class MovementCreate(BaseModel):
    """`received` and `distributed` count up or down by `quantity`; `adjusted` (stocktake, loss)
    takes a signed quantity and a reason. Donated goods are recorded through /donations."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"kind": "received", "quantity": 2000, "reason": "街道下拨"},
                {"kind": "adjusted", "quantity": -3, "reason": "盘点破损"},
            ]
        },
    )

    kind: Literal["received", "distributed", "adjusted"]
    quantity: int = Field(ge=-MAX_QUANTITY, le=MAX_QUANTITY)
    reason: str = Field("", max_length=200)


class MovementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: MovementKind
    quantity: int
    reason: str
    household_id: uuid.UUID | None
    source_id: uuid.UUID | None
    recorded_by: str
    recorded_at: datetime


MovementPage = Page[MovementRead]
