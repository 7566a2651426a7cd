from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from registry.oversight.bulk_approvals.models import ApprovalStatus


class BulkApprovalRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    community_id: uuid.UUID
    household_id: uuid.UUID
    address: str = ""
    action: str = Field(description="`start_quarantine`, `suspend_pass` or `revoke_pass`.")
    record_id: uuid.UUID | None
    reason_code: str
    reason: str
    requested_by: str
    requested_by_name: str = Field(description="The requester's name, for the approver.")
    requested_at: datetime
    status: ApprovalStatus
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str
    result_id: uuid.UUID | None = Field(description="The quarantine made on approval.")


class BulkApprovalDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field("", max_length=200)
