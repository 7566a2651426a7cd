"""Quarantine 隔离 of a person or a whole household, at home or centralized, and the history of
changes to its planned end."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class QuarantineKind(StrEnum):
    home = "home"  # 居家隔离
    centralized = "centralized"  # 集中隔离


class QuarantineStatus(StrEnum):
    active = "active"
    released = "released"


class Quarantine(Base):
    __tablename__ = "quarantine"
    __table_args__ = (Index("ix_quarantine_community_status", "community_id", "status"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID, unique=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    # None: the whole household; otherwise one member.
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id"), index=True, nullable=True
    )
    kind: Mapped[QuarantineKind] = mapped_column(String(12))
    place: Mapped[str] = mapped_column(String(100), default="")
    start_date: Mapped[date] = mapped_column(Date)
    planned_end_date: Mapped[date] = mapped_column(Date)
    status: Mapped[QuarantineStatus] = mapped_column(String(10), default=QuarantineStatus.active)
    # why it started: a QuarantineReason code and free text (empty on records older than codes)
    reason_code: Mapped[str] = mapped_column(String(30), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    released_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    release_note: Mapped[str] = mapped_column(String(200), default="")
    release_reason_code: Mapped[str] = mapped_column(String(30), default="")


class QuarantineChange(Base):
    """One extension or shortening of a quarantine's planned end, with its reason."""

    __tablename__ = "quarantine_change"
    __table_args__ = (
        Index("ix_quarantine_change_community_quarantine", "community_id", "quarantine_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))  # the quarantine's
    quarantine_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("quarantine.id"))
    previous_end_date: Mapped[date] = mapped_column(Date)
    planned_end_date: Mapped[date] = mapped_column(Date)
    reason_code: Mapped[str] = mapped_column(String(30), default="")
    reason: Mapped[str] = mapped_column(String(200))
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
