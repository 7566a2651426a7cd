"""Grid assignment 网格: which buildings, or which floors of a building, a grid worker (by their
account subject) covers. Every floor has at most one responsible worker (service rule)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class GridAssignment(Base):
    __tablename__ = "grid_assignment"
    __table_args__ = (UniqueConstraint("subject", "building_id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    subject: Mapped[str] = mapped_column(String(100), index=True)
    building_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("building.id"), index=True)
    # both None: the whole building; else floors floor_from..floor_to (one range per building)
    floor_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    floor_to: Mapped[int | None] = mapped_column(Integer, nullable=True)
    assigned_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
