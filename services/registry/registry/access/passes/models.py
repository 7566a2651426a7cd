"""Access passes 出入证, the communities' signing keys, and the per-community state version that
every pass change bumps (gate replicas and offline phones sync from it)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class PassStatus(StrEnum):
    active = "active"
    suspended = "suspended"
    revoked = "revoked"


class AccessPass(Base):
    __tablename__ = "access_pass"
    __table_args__ = (
        Index("ix_access_pass_community_state_version", "community_id", "state_version"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    number: Mapped[str] = mapped_column(String(12), unique=True)
    status: Mapped[PassStatus] = mapped_column(String(12), default=PassStatus.active)
    reason: Mapped[str] = mapped_column(String(200), default="")
    # why it is suspended or revoked: a PassReason code (empty while active)
    reason_code: Mapped[str] = mapped_column(String(30), default="")
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime)
    kid: Mapped[int] = mapped_column(ForeignKey("pass_signing_key.kid"))
    pass_version: Mapped[int] = mapped_column(Integer, default=1)
    token: Mapped[str] = mapped_column(String(200))
    state_version: Mapped[int] = mapped_column(Integer)
    replaced_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class PassSigningKey(Base):
    """One P-256 key pair of a community. The newest unretired key signs; a retired key still
    verifies until `verify_until` (the last expiry of the passes it signed)."""

    __tablename__ = "pass_signing_key"

    kid: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    private_key_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    verify_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class PassStateVersion(Base):
    """Bumped in the same transaction as any change a gate must know (pass status, keys, rules,
    gates): replicas poll it to refresh their in-memory state, phones sync from it."""

    __tablename__ = "pass_state_version"

    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
