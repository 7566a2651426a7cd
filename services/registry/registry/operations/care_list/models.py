"""Care list 关爱名单: people checked on by a named worker at a set cadence — elderly people living
alone, the chronically ill, people with a disability, pregnant women, people in quarantine on
their own — and each check-in, so that a call nobody made shows up the next morning."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class CareCategory(StrEnum):
    elderly_alone = "elderly_alone"  # 独居老人 (60 and over, living alone)
    chronic_illness = "chronic_illness"  # 慢性病
    disability = "disability"  # 残疾 / 失能
    pregnant = "pregnant"  # 孕产妇
    quarantined_alone = "quarantined_alone"  # 独自居家隔离
    other = "other"  # added by hand, with a reason


class CareNeed(StrEnum):
    medicine = "medicine"  # 买药 / 代配药
    meals = "meals"  # 送餐
    mobility = "mobility"  # 行动不便


class CheckInWay(StrEnum):
    phone = "phone"  # 电话
    door = "door"  # 上门


class CheckInOutcome(StrEnum):
    fine = "fine"  # 一切正常
    needs_help = "needs_help"  # 需要帮助
    no_answer = "no_answer"  # 未联系上


class CareEntry(Base):
    __tablename__ = "care_entry"
    __table_args__ = (
        UniqueConstraint("community_id", "person_id"),
        Index("ix_care_entry_community_building", "community_id", "building_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"))
    building_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("building.id"))
    floor: Mapped[int] = mapped_column(Integer)
    categories: Mapped[str] = mapped_column(String(100))  # comma-separated CareCategory
    reason: Mapped[str] = mapped_column(String(200), default="")  # why, when added by hand
    cadence_days: Mapped[int] = mapped_column(Integer, default=1)  # 1: daily, 2: every 2 days
    way: Mapped[CheckInWay] = mapped_column(String(5), default=CheckInWay.phone)
    needs: Mapped[str] = mapped_column(String(100), default="")  # comma-separated CareNeed
    responsible_worker_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("worker.id"), nullable=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # set by "needs help" or a second "no answer" in a row; cleared by a "fine"
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    escalation_task_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class CareCheckIn(Base):
    __tablename__ = "care_check_in"
    __table_args__ = (
        UniqueConstraint("community_id", "client_id"),
        Index("ix_care_check_in_entry_checked", "entry_id", "checked_at"),
        Index("ix_care_check_in_community_checked", "community_id", "checked_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("care_entry.id"))
    way: Mapped[CheckInWay] = mapped_column(String(5))
    outcome: Mapped[CheckInOutcome] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(500), default="")
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
