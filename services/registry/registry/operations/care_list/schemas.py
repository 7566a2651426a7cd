from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from registry.operations.care_list.models import (
    CareCategory,
    CareNeed,
    CheckInOutcome,
    CheckInWay,
)
from registry.text_fields import MultiLine, OneLine


class CareListBuild(BaseModel):
    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID


class CareListBuilt(BaseModel):
    added: int = Field(description="People put on the list by this build.")
    updated: int = Field(description="People already listed whose categories changed.")
    listed: int = Field(description="Active entries of the community now.")


class CareEntryCreate(BaseModel):
    """A person added by hand: `reason` says why."""

    model_config = ConfigDict(extra="forbid")

    person_id: uuid.UUID
    reason: OneLine = Field(min_length=2, max_length=200, examples=["刚出院，子女在外地"])
    cadence_days: int = Field(1, ge=1, le=14)
    way: CheckInWay = CheckInWay.phone
    needs: list[CareNeed] = Field(default_factory=list, max_length=3)
    responsible_worker_id: uuid.UUID | None = None


class CareEntryChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cadence_days: int | None = Field(None, ge=1, le=14)
    way: CheckInWay | None = None
    needs: list[CareNeed] | None = Field(None, max_length=3)
    responsible_worker_id: uuid.UUID | None = None
    active: bool | None = None


class CareEntryRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    person_id: uuid.UUID
    name: str = Field(description="Masked: 张*.")
    age: int | None
    household_id: uuid.UUID
    building_id: uuid.UUID
    address: str = Field(description="Building, unit, room.")
    categories: list[CareCategory]
    reason: str
    cadence_days: int
    way: CheckInWay
    needs: list[CareNeed]
    responsible_worker_id: uuid.UUID | None
    active: bool
    escalated_at: datetime | None
    last_check_in_at: datetime | None
    last_outcome: CheckInOutcome | None
    due_on: date | None = Field(description="The next day a check-in is due (null: inactive).")


class CheckInCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID = Field(description="Made by the phone; a retry with it is one record.")
    way: CheckInWay
    outcome: CheckInOutcome
    note: MultiLine = Field("", max_length=500)
    checked_at: AwareDatetime | None = Field(None, description="Default: now.")


class CheckInRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    client_id: uuid.UUID
    entry_id: uuid.UUID
    way: CheckInWay
    outcome: CheckInOutcome
    note: str
    checked_at: datetime
    escalated: bool = Field(description="This check-in raised a task for staff.")
    recorded_by: str
