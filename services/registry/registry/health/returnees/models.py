"""Returnee 返回人员: someone back from another city, watched for 14 days from arrival. A person
of the registry, or a name and phone for someone not registered yet."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id

WATCH_DAYS = 14


class Transport(StrEnum):
    train = "train"
    flight = "flight"
    car = "car"
    bus = "bus"


class Returnee(Base):
    __tablename__ = "returnee"
    __table_args__ = (Index("ix_returnee_community_watch", "community_id", "watch_until"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID, unique=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    household_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("household.id"), index=True, nullable=True
    )
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id"), index=True, nullable=True
    )
    name: Mapped[str] = mapped_column(String(50))
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    from_city: Mapped[str] = mapped_column(String(50))
    transport: Mapped[Transport] = mapped_column(String(10))
    transport_number: Mapped[str] = mapped_column(String(20), default="")
    arrival_date: Mapped[date] = mapped_column(Date)
    # the watch ends on this day: arrival + 14 days
    watch_until: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
