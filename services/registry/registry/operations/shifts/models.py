"""Shifts 排班 at the gates: templates of a community's day (08:00–14:00, 14:00–20:00,
20:00–08:00 …), the shifts themselves as UTC start and end, and who is on each with their
check-in and check-out."""

from __future__ import annotations

import uuid
from datetime import datetime, time

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class ShiftTemplate(Base):
    """A shift of the community's day in local time; `end_time` at or before `start_time` ends
    the next day. No gate: every gate of the community."""

    __tablename__ = "shift_template"

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    gate_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("gate.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(20))
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    weekdays: Mapped[list[int]] = mapped_column(JSON, default=list)
    min_workers: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Shift(Base):
    __tablename__ = "shift"
    __table_args__ = (
        UniqueConstraint("gate_id", "starts_at", "ends_at"),
        Index("ix_shift_community_starts", "community_id", "starts_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID | None] = mapped_column(UUID, unique=True, nullable=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    gate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gate.id"))
    template_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("shift_template.id", ondelete="SET NULL"), nullable=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    min_workers: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class ShiftAssignment(Base):
    """A worker on a shift. Overlaps for one worker are refused by the service."""

    __tablename__ = "shift_assignment"
    __table_args__ = (UniqueConstraint("shift_id", "worker_id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID | None] = mapped_column(UUID, unique=True, nullable=True)
    shift_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shift.id"))
    worker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("worker.id"), index=True)
    assigned_by: Mapped[str] = mapped_column(String(100), default="")
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    checked_in_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    checked_out_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
