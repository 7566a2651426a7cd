"""Distribution campaign 物资发放 (e.g. five masks and one bottle of 84 disinfectant per household):
what each household gets, and a receipt per household reached."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id
from supplies.database import Base


class Distribution(Base):
    __tablename__ = "distribution"

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID, index=True)
    name: Mapped[str] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class DistributionShare(Base):
    """How much of one stock item each household receives in the campaign."""

    __tablename__ = "distribution_share"

    community_id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True)  # the campaign's
    distribution_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("distribution.id"), primary_key=True
    )
    stock_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stock_item.id"), primary_key=True)
    quantity_per_household: Mapped[int] = mapped_column(Integer)


class DistributionReceipt(Base):
    __tablename__ = "distribution_receipt"
    __table_args__ = (UniqueConstraint("community_id", "distribution_id", "household_id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)  # the campaign's
    distribution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("distribution.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(UUID)
    recorded_by: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
