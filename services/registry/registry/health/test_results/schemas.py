from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from registry.health.sampling.models import TubeResult
from registry.residents.audit.reasons import QuarantineReason, check_reason_text, describe

MAX_LAB_RESULTS = 2000
MAX_PROBLEMS = 1000


class ResultProblem(BaseModel):
    row: int = Field(description="Row of the sheet (1 = first row), or 1-based index of a post.")
    barcode: str
    message: str = Field(description="What is wrong, in Chinese.")


class SetOff(BaseModel):
    """What newly positive or invalid tubes set off."""

    positive_tubes: int
    invalid_tubes: int
    retests_added: int = Field(description="People put on the re-test list.")
    households_listed: int = Field(description="Households newly awaiting a staff decision.")
    buildings_watched: int = Field(description="Buildings newly on the round's watch.")


class ResultsReport(BaseModel):
    dry_run: bool
    applied: bool = Field(description="False: nothing was written (a dry run, or problems).")
    rows: int = Field(description="Result lines read.")
    results_set: int = Field(description="Tubes that get (or would get) their result.")
    unchanged: int = Field(description="Tubes that already had the same result.")
    problems: list[ResultProblem] = Field(
        description=f"Unknown tubes, repeats, conflicts…: row by row, at most {MAX_PROBLEMS:,}."
    )
    problems_truncated: bool = False
    set_off: SetOff


class LabResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    barcode: str = Field(min_length=1, max_length=40)
    result: TubeResult
    tested_at: AwareDatetime


class LabResultsPost(BaseModel):
    model_config = ConfigDict(extra="forbid")

    results: list[LabResult] = Field(min_length=1, max_length=MAX_LAB_RESULTS)


class LabResultsAccepted(BaseModel):
    results_set: int
    unchanged: int
    set_off: SetOff


class PersonAt(BaseModel):
    person_id: uuid.UUID
    name: str = Field(description="Masked (张*) unless revealed with a reason.")
    household_id: uuid.UUID
    building_name: str
    floor: int
    room: str


class HouseholdAt(BaseModel):
    household_id: uuid.UUID
    building_name: str
    floor: int
    room: str
    decision: str | None = Field(description="None (undecided), quarantined, not_quarantined.")


class PositiveTube(BaseModel):
    tube_id: uuid.UUID
    barcode: str
    result: TubeResult
    result_at: datetime | None
    people: list[PersonAt]
    households: list[HouseholdAt]


class Retest(PersonAt):
    source_barcode: str
    source_result: TubeResult | None
    retested: bool = Field(description="A single-tube re-test of the person is registered.")
    retest_barcode: str | None
    retest_result: TubeResult | None
    decision: str | None
    decided_by: str | None


class WatchedBuildingRead(BaseModel):
    building_id: uuid.UUID
    building_name: str
    first_barcode: str
    since: datetime
    retests: int = Field(description="People of the building on the re-test list.")


class DecisionKind(StrEnum):
    quarantine = "quarantine"
    no_quarantine = "no_quarantine"


class DecisionWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: DecisionKind
    reason_code: QuarantineReason | None = Field(
        None,
        description="Required for `quarantine`: why, kept with the quarantine. "
        + describe(QuarantineReason),
    )
    reason: str = Field(max_length=200, description="Required: why, kept with the decision.")

    @model_validator(mode="after")
    def _reason_code(self) -> DecisionWrite:
        if self.decision == DecisionKind.quarantine and self.reason_code is None:
            raise ValueError("a quarantine decision needs `reason_code` (e.g. positive_result)")
        check_reason_text(self.reason_code, self.reason)
        return self


class DecisionRead(BaseModel):
    household_id: uuid.UUID
    decision: str = Field(description="quarantined or not_quarantined")
    decided_by: str
    quarantine_id: uuid.UUID | None = Field(description="The home quarantine started (or held).")
    pending_approval_id: uuid.UUID | None = Field(
        None, description="Set when the quarantine waits for a second account's approval."
    )
