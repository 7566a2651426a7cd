"""What supplies knows of the registry's households: the delivery address and priority flags (a
projection kept by registry events and staff), and whether the household must get door delivery."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime
from supplies.database import Base


class HouseholdDirectoryEntry(Base):
    __tablename__ = "household_directory"
    __table_args__ = (
        Index("ix_household_directory_address", "community_id", "compound", "building", "unit"),
        Index("ix_household_directory_building_id", "building_id", "floor"),
    )

    household_id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)
    compound: Mapped[str] = mapped_column(String(50))
    building: Mapped[str] = mapped_column(String(50))
    unit: Mapped[int] = mapped_column(Integer, default=1)
    floor: Mapped[int] = mapped_column(Integer, default=1)
    room: Mapped[str] = mapped_column(String(20))
    # The registry's building: where a grid worker's area finds the household. None (not known
    # yet) puts the household outside every grid.
    building_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)
    # Priority flags for scarce supplies; no names, ID numbers or phones are kept here.
    has_elderly: Mapped[bool] = mapped_column(Boolean, default=False)
    has_chronic_illness: Mapped[bool] = mapped_column(Boolean, default=False)
    lives_alone: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(20), default="staff")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class HouseholdDeliveryStatus(Base):
    """Door delivery is due while the registry reports the household in quarantine."""

    __tablename__ = "household_delivery_status"

    household_id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)
    door_delivery: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(String(200), default="")
    # When the registry changed it (the event's time): older events arriving late are ignored.
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_event_id: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
