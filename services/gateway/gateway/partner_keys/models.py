"""Partner API keys: random, shown once, stored only as a SHA-256 digest with a lookup prefix."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class PartnerKey(Base):
    __tablename__ = "partner_key"

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    partner_id: Mapped[uuid.UUID] = mapped_column(UUID, index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)
    partner_name: Mapped[str] = mapped_column(String(100), default="")
    # the partner's kind when the key was issued: a `lab` key reaches only the lab routes
    partner_kind: Mapped[str] = mapped_column(String(20), default="")
    label: Mapped[str] = mapped_column(String(100), default="")
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
