"""The audit log as administrators read it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True, slots=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    community_id: uuid.UUID | None = None
    household_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    since: datetime | None = None
    until: datetime | None = None


class AuditEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    at: datetime
    actor: str = Field(description="The account that acted (its subject).")
    role: str
    action: str = Field(
        description="e.g. reveal_personal_data, export_households_masked, "
        "export_health_data_full, import_people, start_quarantine, change_quarantine_end, "
        "release_quarantine, suspend_pass, resume_pass, revoke_pass, reissue_pass, "
        "submit_appeal, answer_appeal, hold_start_quarantine, hold_suspend_pass, "
        "hold_revoke_pass, approve_bulk_change, reject_bulk_change, "
        "purge_health_data, export_audit_log."
    )
    target_type: str
    target_id: str
    reason: str
    reason_code: str = Field(
        description="For a status change: the code from its closed list (empty otherwise)."
    )
    request_id: str
    community_id: uuid.UUID | None
    household_id: uuid.UUID | None
    person_id: uuid.UUID | None
