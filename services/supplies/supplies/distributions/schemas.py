from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shouhu_common.pagination import Page
from supplies.household_directory.schemas import DirectoryEntryRead


class ShareCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stock_item_id: uuid.UUID
    quantity_per_household: int = Field(ge=1, le=1000)


class DistributionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "community_id": "…",
                    "name": "每户口罩5只、84消毒液1瓶",
                    "shares": [
                        {"stock_item_id": "…", "quantity_per_household": 5},
                        {"stock_item_id": "…", "quantity_per_household": 1},
                    ],
                }
            ]
        },
    )

    community_id: uuid.UUID
    name: str = Field(min_length=1, max_length=100)
    shares: list[ShareCreate] = Field(min_length=1, max_length=20)


class ShareRead(BaseModel):
    stock_item_id: uuid.UUID
    name: str
    unit: str
    quantity_per_household: int


class DistributionRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    name: str
    shares: list[ShareRead]
    households: int = Field(description="Households in the directory of the community.")
    reached: int
    not_reached: int
    created_at: datetime


class ReceiptCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    household_id: uuid.UUID


class ReceiptRead(BaseModel):
    distribution_id: uuid.UUID
    household_id: uuid.UUID
    received_at: datetime


NotReachedPage = Page[DirectoryEntryRead]
