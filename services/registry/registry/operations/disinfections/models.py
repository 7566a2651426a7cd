"""Disinfection 消毒: records of a place disinfected (which place, agent, concentration, when,
by whom) and the recurring schedules (times of day × a set of places) they are checked against.

A schedule's occurrences are computed when read, never stored: see `occurrences.py`."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class PlaceKind(StrEnum):
    main_road = "main_road"  # 主干道
    building = "building"  # 楼栋
    lift = "lift"  # 电梯
    stairwell = "stairwell"  # 楼道
    garbage_point = "garbage_point"  # 垃圾点
    other = "other"


# places identified by their building; the others by their name ("东门主干道", "3号垃圾点")
BUILDING_KINDS = frozenset({PlaceKind.building, PlaceKind.lift, PlaceKind.stairwell})


class DisinfectionRecord(Base):
    __tablename__ = "disinfection_record"
    __table_args__ = (
        Index("ix_disinfection_record_community_done", "community_id", "done_at"),
        Index("ix_disinfection_record_building_done", "building_id", "done_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID, unique=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    place_kind: Mapped[PlaceKind] = mapped_column(String(16))
    building_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("building.id"), nullable=True)
    # the place's name, normalised (single spaces); for building kinds an optional detail
    place: Mapped[str] = mapped_column(String(100), default="")
    agent: Mapped[str] = mapped_column(String(50))
    concentration: Mapped[str] = mapped_column(String(20))  # "1:100", "500 mg/L" or "75%"
    done_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_by: Mapped[str] = mapped_column(String(100))  # who did the work, as a name
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[str] = mapped_column(String(100))  # the account that recorded it
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # the disinfection task this record completed (it was marked done in the same transaction)
    task_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("task.id"), nullable=True)


class DisinfectionSchedule(Base):
    """Due at each of `times` (local "HH:MM") every day, at every place of the schedule."""

    __tablename__ = "disinfection_schedule"

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    place_kind: Mapped[PlaceKind] = mapped_column(String(16))
    times: Mapped[list[str]] = mapped_column(JSON)
    # building kinds only: every building of the community, as it is when read
    all_buildings: Mapped[bool] = mapped_column(Boolean, default=False)
    grace_minutes: Mapped[int] = mapped_column(Integer, default=60)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # occurrences are due from here on: set at creation and when the times or places change
    effective_from: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class DisinfectionSchedulePlace(Base):
    """One place of a schedule: a building (building kinds) or a named place (the others)."""

    __tablename__ = "disinfection_schedule_place"

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    schedule_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("disinfection_schedule.id", ondelete="CASCADE"), index=True
    )
    building_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("building.id"), nullable=True)
    place: Mapped[str] = mapped_column(String(100), default="")
