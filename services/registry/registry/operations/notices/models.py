"""Notice 通知: what the community office publishes to its residents, pinned or not, from its
publish time until its expiry or until it is withdrawn."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class NoticeState(StrEnum):
    scheduled = "scheduled"  # its publish time is still ahead
    current = "current"  # residents see it
    expired = "expired"
    withdrawn = "withdrawn"


class Notice(Base):
    __tablename__ = "notice"
    __table_args__ = (Index("ix_notice_community_published", "community_id", "published_at"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID | None] = mapped_column(UUID, unique=True, nullable=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
