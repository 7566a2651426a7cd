"""Self-report 自主上报: a household reports a member's temperature and symptoms, or an antigen
self-test with its kit's lot number, from the household card."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class AntigenResult(StrEnum):
    negative = "negative"  # 阴性
    positive = "positive"  # 阳性
    invalid = "invalid"  # 无效


class SelfReport(Base):
    __tablename__ = "self_report"
    __table_args__ = (
        UniqueConstraint("community_id", "client_id"),
        Index("ix_self_report_community_day", "community_id", "local_date", "period"),
        Index("ix_self_report_person_day", "person_id", "local_date", "period"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    # The active quarantine covering the person when reported (None: not in quarantine).
    quarantine_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("quarantine.id"), nullable=True
    )
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    local_date: Mapped[date] = mapped_column(Date)
    period: Mapped[str] = mapped_column(String(8))  # follow_ups.models.FollowUpPeriod
    temperature: Mapped[float | None] = mapped_column(Float, nullable=True)
    symptoms: Mapped[str] = mapped_column(String(200), default="")  # comma-separated Symptom
    antigen_result: Mapped[AntigenResult | None] = mapped_column(String(8), nullable=True)
    antigen_lot: Mapped[str] = mapped_column(String(40), default="")
    reported_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
