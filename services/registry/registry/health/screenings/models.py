"""Screening 排查: rounds a community starts, one quick form per household per round, and the
community's rule that turns the answers into a risk level."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class ScreeningMethod(StrEnum):
    phone = "phone"  # 电话
    door = "door"  # 上门
    gate = "gate"  # 卡口


class ScreeningOutcome(StrEnum):
    reached = "reached"  # 已联系
    not_reached = "not_reached"  # 未联系上
    refused = "refused"  # 拒绝配合


class RiskLevel(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


class ScreeningRound(Base):
    """One round of screening a whole community; the latest round is the current one."""

    __tablename__ = "screening_round"
    __table_args__ = (UniqueConstraint("community_id", "number"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    number: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    started_by: Mapped[str] = mapped_column(String(100))


class Screening(Base):
    __tablename__ = "screening"
    __table_args__ = (
        Index("ix_screening_round_household", "round_id", "household_id"),
        Index("ix_screening_community_screened", "community_id", "screened_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID, unique=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("screening_round.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    method: Mapped[ScreeningMethod] = mapped_column(String(10))
    outcome: Mapped[ScreeningOutcome] = mapped_column(String(12))
    outbreak_travel: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    case_contact: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    symptoms: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    # None unless reached: an unanswered form has no risk level
    risk_level: Mapped[RiskLevel | None] = mapped_column(String(10), nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    screened_by: Mapped[str] = mapped_column(String(100))
    screened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class ScreeningRule(Base):
    """The risk level each "yes" answer gives; a form's level is the highest of its yeses."""

    __tablename__ = "screening_rule"

    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), primary_key=True)
    symptoms_level: Mapped[RiskLevel] = mapped_column(String(10), default=RiskLevel.high)
    case_contact_level: Mapped[RiskLevel] = mapped_column(String(10), default=RiskLevel.high)
    outbreak_travel_level: Mapped[RiskLevel] = mapped_column(String(10), default=RiskLevel.medium)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
