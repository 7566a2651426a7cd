"""Appeals 申诉: a household contests one status change that locks it in (a quarantine, a
suspended or revoked pass), and staff answer on the record."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class AppealedRecord(StrEnum):
    quarantine = "quarantine"
    access_pass = "pass"


class AppealStatus(StrEnum):
    open = "open"  # 待答复
    answered = "answered"  # 已答复


class AppealOutcome(StrEnum):
    upheld = "upheld"  # 维持
    changed = "changed"  # 已更正 (staff lift the status through its own route, with a reason)


class Appeal(Base):
    __tablename__ = "appeal"
    __table_args__ = (
        Index("ix_appeal_community_status", "community_id", "status", "submitted_at"),
        Index("ix_appeal_community_record", "community_id", "record_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID, unique=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    # the household's place when it appealed: a grid worker sees the appeals of their buildings
    building_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("building.id"))
    floor: Mapped[int] = mapped_column(Integer)
    record_type: Mapped[AppealedRecord] = mapped_column(String(12))
    record_id: Mapped[uuid.UUID] = mapped_column(UUID)
    text: Mapped[str] = mapped_column(String(1000))
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    status: Mapped[AppealStatus] = mapped_column(String(10), default=AppealStatus.open)
    outcome: Mapped[AppealOutcome | None] = mapped_column(String(10), nullable=True)
    answer_note: Mapped[str] = mapped_column(String(500), default="")
    answered_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    submitted_by: Mapped[str] = mapped_column(String(100))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
