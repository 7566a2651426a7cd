"""Each community's quarantine rule: the default length of a new quarantine, and whether a
household's self-report stands for a follow-up call.

The fever threshold that opens a referral is the community's one threshold, kept with its gate
rules (`gate_rule.fever_threshold`), so the gate and the follow-up never disagree."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UTCDateTime

DEFAULT_QUARANTINE_DAYS = 14


class QuarantineRule(Base):
    __tablename__ = "quarantine_rule"

    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), primary_key=True)
    default_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_QUARANTINE_DAYS)
    # A household's self-report (自主上报) stands for that period's follow-up call: off until
    # staff decide the community trusts its households' thermometers.
    self_reports_replace_calls: Mapped[bool] = mapped_column(Boolean, default=False)
    # households one account may quarantine (or have their passes withdrawn) within an hour
    # before a second account must approve; None: the registry's REGISTRY_BULK_CHANGE_THRESHOLD
    bulk_change_threshold: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
