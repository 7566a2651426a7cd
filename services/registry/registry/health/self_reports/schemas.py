from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from registry.health.follow_ups.models import FollowUpPeriod, Symptom
from registry.health.self_reports.models import AntigenResult
from shouhu_common.pagination import Page

LOWEST_TEMPERATURE = 34.0  # below, a thermometer misread, not a person
HIGHEST_TEMPERATURE = 43.0


class SelfReportCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID = Field(
        description="A UUID made once per report on the phone: a retry never records it twice."
    )
    person_id: uuid.UUID = Field(description="The member reported for: any of the household.")
    temperature: float | None = Field(
        None, ge=LOWEST_TEMPERATURE, le=HIGHEST_TEMPERATURE, description="°C, one decimal."
    )
    symptoms: list[Symptom] = Field(default_factory=list, max_length=len(Symptom))
    antigen_result: AntigenResult | None = Field(None, description="An antigen self-test 抗原自测.")
    antigen_lot: str | None = Field(
        None,
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
        description="The test kit's lot number (批号), required with `antigen_result`.",
    )

    @field_validator("temperature")
    @classmethod
    def _one_decimal(cls, value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    @model_validator(mode="after")
    def _something_reported(self) -> SelfReportCreate:
        if self.temperature is None and self.antigen_result is None:
            raise ValueError("report a temperature, an antigen result, or both")
        if (self.antigen_result is None) != (self.antigen_lot is None):
            raise ValueError("an antigen result goes with its kit's lot number (antigen_lot)")
        return self

    @field_validator("symptoms")
    @classmethod
    def _distinct(cls, value: list[Symptom]) -> list[Symptom]:
        return sorted(set(value))


class SelfReportRead(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    household_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    quarantine_id: uuid.UUID | None = Field(description="The quarantine covering the person then.")
    reported_at: datetime
    local_date: date = Field(description="The day in the community's time zone.")
    period: FollowUpPeriod = Field(description="morning before 12:00 local time, else evening.")
    temperature: float | None
    symptoms: list[Symptom]
    antigen_result: AntigenResult | None
    antigen_lot: str
    reported_by: str
    fever: bool = Field(description="At or above the community's fever threshold.")
    replaces_call: bool = Field(
        description="Stands for this period's follow-up call (a person under quarantine, in a "
        "community that lets self-reports replace calls)."
    )
    referral_id: uuid.UUID | None = Field(
        None, description="The open fever-clinic referral this report opened or joined."
    )


SelfReportPage = Page[SelfReportRead]


class MemberSelfReport(BaseModel):
    person_id: uuid.UUID
    name: str
    in_quarantine: bool
    reported: bool = Field(description="Reported in the current period.")
    latest: SelfReportRead | None = Field(description="The member's latest report today.")


class HouseholdSelfReports(BaseModel):
    """The household card's self-report part: who has reported this morning or evening."""

    household_id: uuid.UUID
    local_date: date
    period: FollowUpPeriod
    replaces_calls: bool = Field(
        description="The community lets a report stand for a quarantined member's follow-up call."
    )
    fever_threshold: float
    members: list[MemberSelfReport]
