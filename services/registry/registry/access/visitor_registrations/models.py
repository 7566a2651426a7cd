"""Visitor self-registration 访客自助登记: a visitor scans the gate's poster and fills a short form
on their own phone; the registration waits, pending, until the gate volunteer confirms it after
taking the temperature, when it becomes an ordinary gate visitor."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class RegistrationStatus(StrEnum):
    pending = "pending"
    confirmed = "confirmed"


class GatePosterToken(Base):
    """The random token a gate's poster QR carries: only a real poster's form is accepted.
    Printed on a public poster, so kept as it is; replaced (rotated) by staff at will."""

    __tablename__ = "gate_poster_token"

    gate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gate.id"), primary_key=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    rotated_by: Mapped[str] = mapped_column(String(100))
    rotated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class VisitorRegistration(Base):
    __tablename__ = "visitor_registration"
    __table_args__ = (
        UniqueConstraint("community_id", "client_id"),
        Index("ix_visitor_registration_community_gate", "community_id", "gate_id", "submitted_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    gate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gate.id"))
    name: Mapped[str] = mapped_column(String(50))
    phone_enc: Mapped[bytes] = mapped_column(LargeBinary)
    phone_hash: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(200), default="")
    visiting: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[RegistrationStatus] = mapped_column(
        String(10), default=RegistrationStatus.pending
    )
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    confirmed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    gate_visitor_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("gate_visitor.id"), unique=True, nullable=True
    )
