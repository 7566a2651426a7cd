"""Household 户: one dwelling (room) of a building, its contact and its status."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class HouseholdStatus(StrEnum):
    normal = "normal"
    home_quarantine = "home_quarantine"
    sealed = "sealed"


class Household(Base):
    __tablename__ = "household"
    __table_args__ = (
        UniqueConstraint("building_id", "unit", "room"),
        Index("ix_household_community_status", "community_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    building_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("building.id"), index=True)
    unit: Mapped[int] = mapped_column(Integer, default=1)
    floor: Mapped[int] = mapped_column(Integer)
    room: Mapped[str] = mapped_column(String(20))
    card_number: Mapped[str] = mapped_column(String(32), unique=True)
    contact_phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    contact_phone_hash: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    status: Mapped[HouseholdStatus] = mapped_column(String(20), default=HouseholdStatus.normal)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


def new_card_number() -> str:
    """A printed household card number when the office has none: `H` and 10 base-32 letters."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud at the gate
    return "H" + "".join(alphabet[b % 32] for b in secrets.token_bytes(10))  # 32 divides 256
