from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from registry.health.follow_ups.models import FollowUpPeriod, Symptom
from registry.health.quarantines.models import QuarantineKind
from shouhu_common.pagination import Page


class FollowUpCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID = Field(
        description="A UUID made once per check on the phone: a retry never records it twice."
    )
    quarantine_id: uuid.UUID
    person_id: uuid.UUID = Field(description="The person checked (a member, for a household).")
    temperature: float = Field(ge=30.0, le=45.0, description="°C, one decimal.")
    symptoms: list[Symptom] = Field(default_factory=list, max_length=len(Symptom))
    checked_at: AwareDatetime | None = Field(
        None, description="When it was measured (a queued offline entry); default: now."
    )

    @field_validator("temperature")
    @classmethod
    def _one_decimal(cls, value: float) -> float:
        return round(value, 1)

    @field_validator("symptoms")
    @classmethod
    def _distinct(cls, value: list[Symptom]) -> list[Symptom]:
        return sorted(set(value))


class FollowUpRead(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    quarantine_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    checked_at: datetime
    local_date: date = Field(description="The day in the community's time zone.")
    period: FollowUpPeriod = Field(description="morning before 12:00 local time, else evening.")
    temperature: float
    symptoms: list[Symptom]
    recorded_by: str
    fever: bool = Field(description="At or above the community's fever threshold.")
    referral_id: uuid.UUID | None = Field(
        None, description="The open fever-clinic referral this check opened or joined."
    )


FollowUpPage = Page[FollowUpRead]


class DueFollowUp(BaseModel):
    """A person under quarantine not yet checked in the period."""

    quarantine_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    household_id: uuid.UUID
    address: str
    kind: QuarantineKind
    planned_end_date: date


class DueFollowUpPage(Page[DueFollowUp]):
    local_date: date
    period: FollowUpPeriod
