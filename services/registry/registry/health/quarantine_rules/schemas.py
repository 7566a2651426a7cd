from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class QuarantineRuleRead(BaseModel):
    community_id: uuid.UUID
    default_days: int = Field(description="Length of a new quarantine when no end is given.")
    fever_threshold: float = Field(
        description="°C at or above which a follow-up opens a referral: the community's gate "
        "rule (`gate_rule.fever_threshold`), read-only here."
    )
    time_zone: str = Field(description="Mornings end at 12:00 in this zone.")
    self_reports_replace_calls: bool = Field(
        description="A self-report (自主上报) from the household card stands for that morning's or "
        "evening's follow-up call: the person is no longer due. Off by default."
    )
    bulk_change_threshold: int = Field(
        description="Households one account may quarantine, or suspend or revoke passes of, "
        "within an hour; beyond it each change waits for a second account's approval."
    )


class QuarantineRuleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    default_days: int | None = Field(None, ge=1, le=60, description="Unchanged when omitted.")
    self_reports_replace_calls: bool | None = Field(None, description="Unchanged when omitted.")
    bulk_change_threshold: int | None = Field(
        None,
        ge=1,
        le=10000,
        description="Administrators only (403 for others); omitted: unchanged (at first the "
        "registry's REGISTRY_BULK_CHANGE_THRESHOLD).",
    )
