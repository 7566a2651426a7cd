"""What supplies knows of the registry's grids 网格: the areas each grid worker covers (whole
buildings, or floors a–b of a building), a copy kept by the registry's `grid.area_changed`
events. A grid worker sees and acts on only the households of these areas."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shouhu_common.database import UUID, UTCDateTime, new_id
from supplies.database import Base


class GridArea(Base):
    """One building, or floors of it, in a grid worker's area."""

    __tablename__ = "grid_area"
    __table_args__ = (UniqueConstraint("subject", "building_id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    subject: Mapped[str] = mapped_column(String(100), index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)
    building_id: Mapped[uuid.UUID] = mapped_column(UUID)
    # both None: the whole building; else floors floor_from..floor_to
    floor_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    floor_to: Mapped[int | None] = mapped_column(Integer, nullable=True)


class GridAreaUpdate(Base):
    """The registry's latest change applied to a grid worker's area in a community: an event
    older than it, arriving late, changes nothing."""

    __tablename__ = "grid_area_update"

    subject: Mapped[str] = mapped_column(String(100), primary_key=True)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_event_id: Mapped[str] = mapped_column(String(64), default="")
