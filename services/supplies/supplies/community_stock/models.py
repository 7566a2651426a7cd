"""Community stock 社区物资: what the community itself gives out (masks, 84 disinfectant, spray
bottles, printed notices). The quantity on hand is the sum of the movement log, never a stored
number that someone could edit."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id
from supplies.database import Base


class MovementKind(StrEnum):
    received = "received"
    donated = "donated"
    distributed = "distributed"
    adjusted = "adjusted"


class StockItem(Base):
    __tablename__ = "stock_item"
    __table_args__ = (UniqueConstraint("community_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)
    name: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(20))
    scarce: Mapped[bool] = mapped_column(Boolean, default=False)
    # Raised by every withdrawal before the balance is checked: it serializes withdrawals of one
    # item (row lock on PostgreSQL), so two of them can never both spend the last units.
    lock_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class StockMovement(Base):
    __tablename__ = "stock_movement"
    __table_args__ = (
        Index(
            "ix_stock_movement_community_item_at", "community_id", "stock_item_id", "recorded_at"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)  # the stock item's
    stock_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stock_item.id"))
    kind: Mapped[MovementKind] = mapped_column(String(20))
    quantity: Mapped[int] = mapped_column(Integer, doc="Signed: + in, - out.")
    reason: Mapped[str] = mapped_column(String(200), default="")
    household_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)
    source_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID, nullable=True, doc="The donation, distribution or allocation behind it."
    )
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
