from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from registry.health.returnees.models import Transport
from shouhu_common.pagination import Page


class ReturneeCreate(BaseModel):
    """Either `person_id` (a registered resident) or `name` + `phone` (not registered yet)."""

    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID = Field(description="A retry with the same client_id creates nothing.")
    person_id: uuid.UUID | None = None
    household_id: uuid.UUID | None = Field(
        None, description="Where a not-yet-registered returnee stays, if in the registry."
    )
    community_id: uuid.UUID | None = Field(
        None, description="Without person or household: default the caller's only community."
    )
    name: str | None = Field(None, min_length=1, max_length=50)
    phone: str | None = Field(None, max_length=20, description="Chinese mobile number.")
    from_city: str = Field(min_length=1, max_length=50)
    transport: Transport
    transport_number: str = Field("", max_length=20, description="Train, flight or plate.")
    arrival_date: date
    note: str = Field("", max_length=200)

    @model_validator(mode="after")
    def _who(self) -> ReturneeCreate:
        if self.person_id is None and (not self.name or not self.phone):
            raise ValueError("give person_id, or name and phone for someone not registered")
        if self.person_id is not None and self.name:
            raise ValueError("name comes from the registry when person_id is given")
        return self


class ReturneeRead(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    community_id: uuid.UUID
    household_id: uuid.UUID | None
    person_id: uuid.UUID | None
    name: str
    phone: str | None = Field(description="Masked: 138****5678.")
    from_city: str
    transport: Transport
    transport_number: str
    arrival_date: date
    watch_until: date = Field(description="The 14-day watch ends on this day.")
    under_watch: bool
    note: str
    created_by: str
    created_at: datetime


ReturneePage = Page[ReturneeRead]
