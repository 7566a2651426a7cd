from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shouhu_common.pagination import Page
from supplies.catalog.models import ItemCategory, PriceKind

MAX_PRICE_FEN = 10_000_000  # ¥100,000: anything above is a typo, not a price
MAX_STOCK = 1_000_000

NotOrderableReason = Literal[
    "inactive", "reference_pending", "price_above_reference", "out_of_stock"
]


class ItemCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "大白菜",
                    "category": "vegetables",
                    "unit": "斤",
                    "price_fen": 150,
                    "stock": 500,
                    "proposed_reference_price_fen": 150,
                }
            ]
        },
    )

    name: str = Field(min_length=1, max_length=100)
    category: ItemCategory
    unit: str = Field(min_length=1, max_length=20, description="Selling unit, e.g. 斤, 袋, 盒.")
    price_fen: int = Field(gt=0, le=MAX_PRICE_FEN, description="Price in fen (分): 150 = ¥1.50.")
    stock: int = Field(0, ge=0, le=MAX_STOCK)
    proposed_reference_price_fen: int | None = Field(
        None,
        gt=0,
        le=MAX_PRICE_FEN,
        description="The pre-outbreak price the partner asks community staff to approve.",
    )


class ItemUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"price_fen": 140, "stock": 320}]}
    )

    name: str | None = Field(None, min_length=1, max_length=100)
    category: ItemCategory | None = None
    unit: str | None = Field(None, min_length=1, max_length=20)
    price_fen: int | None = Field(None, gt=0, le=MAX_PRICE_FEN)
    stock: int | None = Field(None, ge=0, le=MAX_STOCK)
    active: bool | None = None
    proposed_reference_price_fen: int | None = Field(None, gt=0, le=MAX_PRICE_FEN)


class StockAdjustment(BaseModel):
    """A change of the available stock by a difference: goods arrived (+), spoilt or sold
    elsewhere (−). Unlike setting `stock` outright, it keeps what orders took meanwhile."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"change": 120, "reason": "下午到货"}]}
    )

    change: int = Field(ge=-MAX_STOCK, le=MAX_STOCK, description="Not zero.")
    reason: str = Field("", max_length=100)

    @field_validator("change")
    @classmethod
    def _not_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("a change of 0 changes nothing")
        return value


class ReferencePriceSet(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"reference_price_fen": 150, "reason": "2019年12月超市小票核对"}]
        },
    )

    reference_price_fen: int = Field(gt=0, le=MAX_PRICE_FEN)
    reason: str = Field(min_length=2, max_length=200)


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    partner_id: uuid.UUID
    community_id: uuid.UUID
    name: str
    category: ItemCategory
    unit: str
    price_fen: int
    reference_price_fen: int | None
    proposed_reference_price_fen: int | None
    stock: int
    active: bool
    orderable: bool
    not_orderable_reason: NotOrderableReason | None = None
    updated_at: datetime


class PriceChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: PriceKind
    old_fen: int | None
    new_fen: int
    reason: str
    changed_by: str
    changed_at: datetime


ItemPage = Page[ItemRead]
