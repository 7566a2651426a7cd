"""Dispatch meeting 调度会: the twice-daily meeting of the community office, its notes and
decisions. Its action items are tasks (`task.meeting_id`)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class MeetingPeriod(StrEnum):
    morning = "morning"  # before 12:00 in the community's time zone
    evening = "evening"


class DispatchMeeting(Base):
    __tablename__ = "dispatch_meeting"
    __table_args__ = (Index("ix_dispatch_meeting_community_held", "community_id", "held_at"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID | None] = mapped_column(UUID, unique=True, nullable=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)
    local_date: Mapped[date] = mapped_column(Date)
    period: Mapped[MeetingPeriod] = mapped_column(String(8))
    chair: Mapped[str] = mapped_column(String(100), default="")
    attendees: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
