"""Each community's gate rules: fever threshold, mask, outing quota, curfew, quarantine refusal."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from enum import StrEnum

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UTCDateTime


class QuotaScope(StrEnum):
    none = "none"  # no outing quota
    household = "household"  # e.g. one exit per household every two days
    person = "person"  # per pass holder (a personal pass; a household pass counts its household)


class GateRule(Base):
    __tablename__ = "gate_rule"

    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), primary_key=True)
    fever_threshold: Mapped[float] = mapped_column(Float, default=37.3)
    mask_required: Mapped[bool] = mapped_column(Boolean, default=True)
    quota_scope: Mapped[QuotaScope] = mapped_column(String(12), default=QuotaScope.none)
    quota_exits: Mapped[int] = mapped_column(Integer, default=1)
    quota_period_days: Mapped[int] = mapped_column(Integer, default=2)
    curfew_start: Mapped[time | None] = mapped_column(Time, nullable=True)
    curfew_end: Mapped[time | None] = mapped_column(Time, nullable=True)
    refuse_quarantined: Mapped[bool] = mapped_column(Boolean, default=True)
    # 核酸 rule: a negative test result within this many hours; None leaves it off
    negative_within_hours: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
