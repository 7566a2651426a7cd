"""Referral 转诊 to the fever clinic: opened by a temperature at or above the community's fever
threshold (a quarantine follow-up, a passage at the gate, a returnee registered at the gate), open
until staff close it with an outcome. A fever at the gate on a household pass may not name the
person: staff name them when closing."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class ReferralStatus(StrEnum):
    open = "open"
    closed = "closed"


class ReferralOutcome(StrEnum):
    ruled_out = "ruled_out"  # 排除: back to quarantine as before
    admitted = "admitted"  # 收治入院
    centralized_quarantine = "centralized_quarantine"  # 转集中隔离
    other = "other"


class ReferralSource(StrEnum):
    follow_up = "follow_up"  # 隔离随访
    gate = "gate"  # 卡口测温
    gate_returnee = "gate_returnee"  # 卡口返回人员登记
    self_report = "self_report"  # 自主上报: a fever or a positive antigen the household reported


class Referral(Base):
    __tablename__ = "referral"
    __table_args__ = (Index("ix_referral_community_status", "community_id", "status"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id"), index=True, nullable=True
    )
    quarantine_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("quarantine.id"), nullable=True
    )
    follow_up_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("follow_up.id"), unique=True, nullable=True
    )
    # No foreign key: a partitioned gate_log has no unique id alone, and its old days are dropped
    # by retention while the referral stays (with the id of the passage that opened it).
    gate_log_id: Mapped[uuid.UUID | None] = mapped_column(UUID, unique=True, nullable=True)
    gate_visitor_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("gate_visitor.id"), unique=True, nullable=True
    )
    self_report_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("self_report.id"), unique=True, nullable=True
    )
    # None: opened by a positive antigen self-test reported without a temperature
    temperature: Mapped[float | None] = mapped_column(Float, nullable=True)
    status: Mapped[ReferralStatus] = mapped_column(String(8), default=ReferralStatus.open)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    outcome: Mapped[ReferralOutcome | None] = mapped_column(String(30), nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")

    @property
    def source(self) -> ReferralSource:
        if self.gate_log_id is not None:
            return ReferralSource.gate
        if self.gate_visitor_id is not None:
            return ReferralSource.gate_returnee
        if self.self_report_id is not None:
            return ReferralSource.self_report
        return ReferralSource.follow_up
