from __future__ import annotations

from datetime import datetime, time

from pydantic import BaseModel, ConfigDict, Field

from registry.access.gate_rules.models import QuotaScope


class GateRuleWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fever_threshold: float = Field(37.3, ge=36.0, le=40.0, description="°C; at or above: denied")
    mask_required: bool = True
    quota_scope: QuotaScope = Field(
        QuotaScope.none, description="`household`, `person` (the pass holder) or `none`."
    )
    quota_exits: int = Field(1, ge=1, le=20, description="Exits allowed per period.")
    quota_period_days: int = Field(2, ge=1, le=14, description="Period length in days.")
    curfew_start: time | None = Field(None, description="Local time, e.g. `22:00`.")
    curfew_end: time | None = Field(None, description="Local time, e.g. `06:00` (may wrap).")
    refuse_quarantined: bool = True
    negative_within_hours: int | None = Field(
        None,
        ge=1,
        le=168,
        description="When set, a pass needs a negative test sampled within this many hours "
        "(its person's, or every expected member's for a household pass); null: off.",
    )


class GateRuleRead(GateRuleWrite):
    model_config = ConfigDict(from_attributes=True)

    community_id: str
    updated_at: datetime | None = None
    rule_text: str = Field(description="The rules in plain Chinese, as printed on pass cards.")
