"""Delivery round 配送批次: a time of day goods reach the compound, with a cutoff and a capacity
per partner; the load row counts each partner's orders in the round."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id
from supplies.database import Base


class DeliveryRound(Base):
    __tablename__ = "delivery_round"
    __table_args__ = (UniqueConstraint("community_id", "delivers_at"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)
    delivery_date: Mapped[date] = mapped_column(Date)
    local_time: Mapped[str] = mapped_column(String(5))
    delivers_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cutoff_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity_per_partner: Mapped[int] = mapped_column(Integer)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class RoundPartnerLoad(Base):
    """Orders a partner holds in a round; raised by a conditional UPDATE so capacity holds under
    concurrent orders on both databases."""

    __tablename__ = "round_partner_load"

    community_id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True)  # the round's
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("delivery_round.id"), primary_key=True)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partner.id"), primary_key=True)
    order_count: Mapped[int] = mapped_column(Integer, default=0)
