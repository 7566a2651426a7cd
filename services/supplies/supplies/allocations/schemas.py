from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class PriorityRule(BaseModel):
    """A recipient matches when every condition given here holds. Rules are in priority order."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1, max_length=100, examples=["一线人员50岁以上"])
    frontline: bool | None = None
    min_age: int | None = Field(None, ge=0, le=120)
    has_elderly: bool | None = None
    has_chronic_illness: bool | None = None
    lives_alone: bool | None = None


class Candidate(BaseModel):
    """A person or household that may receive gear. `recipient` is a label, not personal data
    beyond what the hand-out needs (e.g. "卡口志愿者 王师傅")."""

    model_config = ConfigDict(extra="forbid")

    recipient: str = Field(min_length=1, max_length=100)
    household_id: uuid.UUID | None = None
    frontline: bool = False
    age: int | None = Field(None, ge=0, le=120)
    has_elderly: bool = False
    has_chronic_illness: bool = False
    lives_alone: bool = False


class AllocationCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "community_id": "…",
                    "stock_item_id": "…",
                    "quantity_each": 2,
                    "rules": [
                        {"label": "一线人员50岁以上", "frontline": True, "min_age": 50},
                        {"label": "有老人的家庭", "has_elderly": True},
                        {"label": "有慢性病人的家庭", "has_chronic_illness": True},
                    ],
                    "candidates": [
                        {"recipient": "卡口志愿者 王师傅", "frontline": True, "age": 58}
                    ],
                    "include_directory_households": True,
                }
            ]
        },
    )

    community_id: uuid.UUID
    stock_item_id: uuid.UUID
    quantity_each: int = Field(ge=1, le=1000)
    rules: list[PriorityRule] = Field(min_length=1, max_length=20)
    candidates: list[Candidate] = Field(default_factory=list, max_length=5000)
    include_directory_households: bool = Field(
        False, description="Also consider every household of the directory, with its flags."
    )


class GrantRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    priority: int
    rule_label: str
    recipient: str
    household_id: uuid.UUID | None
    quantity: int


class AllocationRead(BaseModel):
    id: uuid.UUID
    stock_item_id: uuid.UUID
    quantity_each: int
    granted: list[GrantRead]
    eligible: int = Field(description="Candidates matching a rule.")
    left_out: int = Field(description="Eligible candidates not served: stock ran out.")
    on_hand_after: int
    created_at: datetime
