"""Group-buy 团购: one combined order per partner and round, split back per household."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id
from supplies.database import Base


class GroupBuy(Base):
    __tablename__ = "group_buy"
    __table_args__ = (UniqueConstraint("round_id", "partner_id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("delivery_round.id"))
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partner.id"))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
