from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from registry.health.referrals.models import ReferralOutcome, ReferralSource, ReferralStatus
from shouhu_common.pagination import Page


class ReferralClose(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: ReferralOutcome
    note: str = Field("", max_length=200)
    person_id: uuid.UUID | None = Field(
        None,
        description="Who had the fever, when the referral does not say (a household pass at the "
        "gate): a member of the referral's household.",
    )


class ReferralRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    household_id: uuid.UUID
    address: str
    person_id: uuid.UUID | None = Field(description="None until staff name who it was.")
    person_name: str | None
    source: ReferralSource = Field(description="What opened it.")
    quarantine_id: uuid.UUID | None
    follow_up_id: uuid.UUID | None
    gate_log_id: uuid.UUID | None = Field(description="The passage at the gate that opened it.")
    gate_visitor_id: uuid.UUID | None = Field(
        description="The returnee registered at the gate that opened it."
    )
    self_report_id: uuid.UUID | None = Field(
        None, description="The household's self-report (自主上报) that opened it."
    )
    temperature: float | None = Field(
        description="None: opened by a positive antigen self-test reported without a temperature."
    )
    status: ReferralStatus
    opened_at: datetime
    closed_at: datetime | None
    closed_by: str | None
    outcome: ReferralOutcome | None
    note: str


ReferralPage = Page[ReferralRead]
