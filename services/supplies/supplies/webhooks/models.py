"""Partner webhooks: the receiver a partner registered, and each signed delivery and attempt."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id
from supplies.database import Base


class DeliveryState(StrEnum):
    pending = "pending"
    delivered = "delivered"
    failed = "failed"


class Webhook(Base):
    __tablename__ = "webhook"
    __table_args__ = (Index("ix_webhook_community_partner", "community_id", "partner_id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)  # the partner's
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partner.id"))
    url: Mapped[str] = mapped_column(String(500))
    # The HMAC key is needed in clear to sign; it is shown to the partner when registered or
    # rotated (and again to a retry of that request within the replay window, read from here).
    secret: Mapped[str] = mapped_column(String(100))
    # After a rotation the replaced key signs too, beside the new one, until `previous_secret_until`
    # (`SUPPLIES_WEBHOOK_SECRET_OVERLAP_HOURS`); only the key just replaced, never an older one.
    previous_secret: Mapped[str | None] = mapped_column(String(100), nullable=True)
    previous_secret_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    secret_rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class WebhookDelivery(Base):
    __tablename__ = "webhook_delivery"
    __table_args__ = (
        # the dispatcher's scan of what is due, across communities (dispatcher.py)
        Index("ix_webhook_delivery_due", "state", "next_attempt_at"),
        Index(
            "ix_webhook_delivery_community_webhook_created",
            "community_id",
            "webhook_id",
            "created_at",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)  # the webhook's
    webhook_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhook.id"))
    partner_id: Mapped[uuid.UUID] = mapped_column(UUID)
    event_type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)
    state: Mapped[DeliveryState] = mapped_column(String(20), default=DeliveryState.pending)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
