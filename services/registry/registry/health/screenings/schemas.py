from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from registry.health.screenings.models import RiskLevel, ScreeningMethod, ScreeningOutcome
from shouhu_common.pagination import Page


class ScreeningRoundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID | None = Field(
        None, description="Default: the caller's only community."
    )


class ScreeningRoundRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    community_id: uuid.UUID
    number: int
    started_at: datetime
    started_by: str


class ScreeningCreate(BaseModel):
    """One quick form. The three answers are required when the household was reached, and must
    be left out otherwise."""

    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID = Field(
        description="A UUID the phone makes once per form: a retry returns the first record."
    )
    household_id: uuid.UUID
    method: ScreeningMethod
    outcome: ScreeningOutcome
    outbreak_travel: bool | None = Field(
        None, description="Been to an outbreak area in the last 14 days."
    )
    case_contact: bool | None = Field(None, description="Contact with confirmed/suspected cases.")
    symptoms: bool | None = Field(None, description="Fever or other symptoms.")
    note: str = Field("", max_length=200)

    @model_validator(mode="after")
    def _answers_match_outcome(self) -> ScreeningCreate:
        answers = (self.outbreak_travel, self.case_contact, self.symptoms)
        if self.outcome == ScreeningOutcome.reached and None in answers:
            raise ValueError("a reached household needs outbreak_travel, case_contact, symptoms")
        if self.outcome != ScreeningOutcome.reached and answers != (None, None, None):
            raise ValueError("answers are only given when the household was reached")
        return self


class ScreeningRead(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    community_id: uuid.UUID
    round_id: uuid.UUID
    household_id: uuid.UUID
    address: str
    method: ScreeningMethod
    outcome: ScreeningOutcome
    outbreak_travel: bool | None
    case_contact: bool | None
    symptoms: bool | None
    risk_level: RiskLevel | None = Field(description="None unless the household was reached.")
    note: str
    screened_by: str
    screened_at: datetime


class WorkListHousehold(BaseModel):
    household_id: uuid.UUID
    building_id: uuid.UUID
    address: str
    last_outcome: ScreeningOutcome | None = Field(
        description="not_reached when an earlier try this round found nobody; else None."
    )


class ScreeningRuleRead(BaseModel):
    community_id: uuid.UUID
    symptoms_level: RiskLevel
    case_contact_level: RiskLevel
    outbreak_travel_level: RiskLevel


class ScreeningRuleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    symptoms_level: RiskLevel
    case_contact_level: RiskLevel
    outbreak_travel_level: RiskLevel


ScreeningPage = Page[ScreeningRead]
ScreeningRoundPage = Page[ScreeningRoundRead]
WorkListPage = Page[WorkListHousehold]
