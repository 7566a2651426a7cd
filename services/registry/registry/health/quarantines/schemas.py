from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from registry.health.quarantines.models import QuarantineKind, QuarantineStatus
from registry.residents.audit.reasons import (
    QuarantineEndReason,
    QuarantineReason,
    check_reason_text,
    describe,
)
from shouhu_common.pagination import Page


class QuarantineCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID = Field(
        description="A UUID the client makes once per intended quarantine: a retry with the "
        "same client_id returns the first record and creates nothing."
    )
    household_id: uuid.UUID
    person_id: uuid.UUID | None = Field(
        None, description="One member of the household; omitted: the whole household."
    )
    kind: QuarantineKind = QuarantineKind.home
    place: str = Field("", max_length=100, description="Centralized site (hotel), if any.")
    start_date: date | None = Field(None, description="Default: today (community time zone).")
    planned_end_date: date | None = Field(
        None, description="Default: start + the community's quarantine days (14)."
    )
    reason_code: QuarantineReason = Field(
        description="Required: why. " + describe(QuarantineReason)
    )
    reason: str = Field("", max_length=200, description="Free text; shown to the household.")

    @model_validator(mode="after")
    def _reason_text(self) -> QuarantineCreate:
        check_reason_text(self.reason_code, self.reason)
        return self


class QuarantineEndChange(BaseModel):
    """Extend or shorten: a new planned end and why."""

    model_config = ConfigDict(extra="forbid")

    planned_end_date: date
    reason_code: QuarantineEndReason = Field(
        description="Required: why. " + describe(QuarantineEndReason)
    )
    reason: str = Field("", max_length=200)

    @model_validator(mode="after")
    def _reason_text(self) -> QuarantineEndChange:
        check_reason_text(self.reason_code, self.reason)
        return self


class QuarantineRelease(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason_code: QuarantineEndReason | None = Field(
        None,
        description="Required before the planned end (an early release); otherwise "
        "`period_completed`. " + describe(QuarantineEndReason),
    )
    note: str = Field("", max_length=200, description="Free text: the reason's words.")

    @model_validator(mode="after")
    def _reason_text(self) -> QuarantineRelease:
        check_reason_text(self.reason_code, self.note, "note")
        return self


class QuarantineChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    previous_end_date: date
    planned_end_date: date
    reason_code: str
    reason: str
    changed_by: str
    changed_at: datetime


class QuarantinedPerson(BaseModel):
    id: uuid.UUID
    name: str


class QuarantineRead(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    community_id: uuid.UUID
    household_id: uuid.UUID
    building_id: uuid.UUID
    address: str
    person_id: uuid.UUID | None
    person_name: str | None = Field(None, description="Set for a one-person quarantine.")
    kind: QuarantineKind
    place: str
    start_date: date
    planned_end_date: date
    status: QuarantineStatus
    reason_code: str = Field(description="Why it started (empty on older records).")
    reason: str
    created_by: str
    created_at: datetime
    released_at: datetime | None
    released_by: str | None
    release_note: str
    release_reason_code: str


class QuarantineDetail(QuarantineRead):
    people: list[QuarantinedPerson] = Field(description="Everyone this quarantine covers.")
    changes: list[QuarantineChangeRead] = Field(
        description="Extensions and shortenings, oldest first."
    )


QuarantinePage = Page[QuarantineRead]
