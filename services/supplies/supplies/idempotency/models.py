"""Idempotency record: a caller's `Idempotency-Key`, the record its first request made and, when
that answer showed a one-time secret, the secret's digest (never the secret)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id
from supplies.database import Base


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("subject", "key"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    subject: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    operation: Mapped[str] = mapped_column(String(60))
    request_hash: Mapped[str] = mapped_column(String(64))
    resource_id: Mapped[uuid.UUID] = mapped_column(UUID)
    # SHA-256 of a one-time secret the first answer showed (a webhook's signing key): a retry is
    # shown the secret again, read from its owner's row, only while this still matches it and
    # within the replay window. The secret itself is never stored here.
    secret_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
