from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from registry.oversight.appeals.models import AppealedRecord, AppealOutcome, AppealStatus


class AppealCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID = Field(
        description="A UUID the phone makes once per appeal: a retry returns the first one."
    )
    record_type: AppealedRecord = Field(description="`quarantine` or `pass`.")
    record_id: uuid.UUID = Field(description="The quarantine or pass appealed against.")
    text: str = Field(min_length=2, max_length=1000, description="Why the household disagrees.")
    phone: str | None = Field(
        None,
        pattern=r"^\+?[0-9][0-9 -]{5,19}$",
        description="A number to call back; stored encrypted, shown masked.",
    )


class AppealAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: AppealOutcome = Field(
        description="`upheld` 维持 or `changed` 已更正. Answering `changed` does not lift the "
        "status: release the quarantine or resume the pass through its own route, with a reason."
    )
    note: str = Field(min_length=2, max_length=500, description="The answer, shown on the card.")


class AppealRead(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    community_id: uuid.UUID
    household_id: uuid.UUID
    address: str
    record_type: AppealedRecord
    record_id: uuid.UUID
    text: str
    phone: str | None = Field(description="Masked: 138****5678.")
    status: AppealStatus
    outcome: AppealOutcome | None
    answer_note: str
    answered_by: str | None
    answered_at: datetime | None
    submitted_at: datetime


class AppealBrief(BaseModel):
    """The latest appeal against a status change, as the card shows it."""

    id: uuid.UUID
    status: AppealStatus
    outcome: AppealOutcome | None
    answer_note: str
    submitted_at: datetime
    answered_at: datetime | None


class StatusChangeRead(BaseModel):
    """One current status change that locks the household or a member in."""

    record_type: AppealedRecord
    record_id: uuid.UUID
    kind: str = Field(
        description="`quarantine` 隔离, `pass_suspended` 出入证停用 or `pass_revoked` 出入证注销."
    )
    person_name: str | None = Field(None, description="Masked; set when it is one member's.")
    reason_code: str = Field(description="From the action's closed list; empty on old records.")
    reason_label: str = Field(description="The code's Chinese label.")
    reason: str = Field(description="The free text staff wrote.")
    since: date = Field(description="When it took effect.")
    until: date | None = Field(description="A quarantine's planned end.")
    appeal: AppealBrief | None = Field(description="The latest appeal against it, if any.")
