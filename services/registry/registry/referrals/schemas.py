from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from registry.referrals.models import ReferralOutcome, ReferralStatus
from shouhu_common.pagination import Page


class ReferralClose(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: ReferralOutcome
    note: str = Field("", max_length=200)


class ReferralRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    household_id: uuid.UUID
    address: str
    person_id: uuid.UUID
    person_name: str
    quarantine_id: uuid.UUID | None
    follow_up_id: uuid.UUID | None
    temperature: float
    status: ReferralStatus
    opened_at: datetime
    closed_at: datetime | None
    closed_by: str | None
    outcome: ReferralOutcome | None
    note: str


ReferralPage = Page[ReferralRead]
