"""Donations 捐赠 of money and goods: who gave (or anonymous), what, when, and where it went.
Goods enter community stock as `donated` movements; money is spent by recorded uses."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id
from supplies.database import Base


class DonationKind(StrEnum):
    money = "money"
    goods = "goods"


class Donation(Base):
    __tablename__ = "donation"

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID, index=True)
    kind: Mapped[DonationKind] = mapped_column(String(10))
    # None: anonymous. Never shown in the public summary.
    donor_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)
    stock_item_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("stock_item.id"), nullable=True
    )
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(String(200), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    recorded_by: Mapped[str] = mapped_column(String(200))


class DonationUse(Base):
    """Where donated money went."""

    __tablename__ = "donation_use"

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    donation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("donation.id"), index=True)
    amount_fen: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    recorded_by: Mapped[str] = mapped_column(String(200))
