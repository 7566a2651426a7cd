from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"


class RoundCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "community_id": "0b6c1e5e-8a3f-5d2e-9c41-1f2a3b4c5d6e",
                    "delivery_date": "2026-11-24",
                    "local_time": "10:00",
                    "cutoff_minutes": 120,
                    "capacity_per_partner": 200,
                }
            ]
        },
    )

    community_id: uuid.UUID
    delivery_date: date
    local_time: str = Field(pattern=TIME_PATTERN, description="HH:MM in the community's time zone")
    cutoff_minutes: int | None = Field(None, ge=0, le=1440)
    capacity_per_partner: int | None = Field(None, ge=1, le=100_000)


class RoundSchedule(BaseModel):
    """Opens the default rounds (e.g. 10:00 and 16:00) for `days` days from `first_date`."""

    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID
    first_date: date
    days: int = Field(1, ge=1, le=14)


class RoundUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    capacity_per_partner: int | None = Field(None, ge=1, le=100_000)
    closed: bool | None = None


class RoundRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    delivery_date: date
    local_time: str
    delivers_at: datetime
    cutoff_at: datetime
    capacity_per_partner: int
    closed: bool
    status: Literal["open", "closed"] = Field(
        description="`closed` after the cutoff or when staff closed the round."
    )
    partner_orders: int | None = Field(
        None, description="Orders the partner holds in this round (when a partner is given)."
    )
    partner_remaining: int | None = None
