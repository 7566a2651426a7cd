from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shouhu_common.pagination import Page
from supplies.donations.models import DonationKind


class DonationCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "community_id": "…",
                    "kind": "money",
                    "donor_name": "张先生",
                    "amount_fen": 500000,
                },
                {"community_id": "…", "kind": "goods", "stock_item_id": "…", "quantity": 1000},
            ]
        },
    )

    community_id: uuid.UUID
    kind: DonationKind
    donor_name: str | None = Field(None, max_length=100, description="Omit for anonymous.")
    amount_fen: int = Field(0, ge=0, le=10_000_000_000)
    stock_item_id: uuid.UUID | None = None
    quantity: int = Field(0, ge=0, le=10_000_000)
    description: str = Field("", max_length=200)
    received_at: datetime | None = None


class DonationUseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount_fen: int = Field(gt=0, le=10_000_000_000)
    purpose: str = Field(min_length=2, max_length=200, examples=["采购N95口罩200只"])


class DonationUseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    amount_fen: int
    purpose: str
    used_at: datetime


class DonationRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    kind: DonationKind
    donor_name: str | None
    anonymous: bool
    amount_fen: int
    stock_item_id: uuid.UUID | None
    quantity: int
    description: str
    received_at: datetime
    uses: list[DonationUseRead]


class GoodsTotal(BaseModel):
    name: str
    unit: str
    quantity: int


class PurposeTotal(BaseModel):
    purpose: str
    amount_fen: int


class DonationSummary(BaseModel):
    """Public: totals only, no donor's name or contact."""

    community_id: uuid.UUID
    donations: int
    anonymous_donations: int
    money_received_fen: int
    money_used_fen: int
    goods_received: list[GoodsTotal]
    money_uses: list[PurposeTotal]


DonationPage = Page[DonationRead]
