from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shouhu_common.pagination import Page
from supplies.webhooks.models import DeliveryState


class WebhookCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"url": "https://erp.freshmart.example/shouhu/hooks"}]},
    )

    url: str = Field(min_length=8, max_length=500)


class WebhookRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    url: str
    active: bool
    created_at: datetime
    secret_rotated_at: datetime | None = Field(
        None, description="When the signing key was last rotated (null: never)."
    )
    previous_secret_until: datetime | None = Field(
        None,
        description="Until then deliveries also carry a signature with the key the last "
        "rotation replaced (a second `v1=`); null when no old key signs.",
    )


class WebhookCreated(WebhookRead):
    secret: str = Field(
        description="HMAC-SHA256 key of the `X-Shouhu-Signature` header. Shown now, and again "
        "to a retry with the same Idempotency-Key within 24 h (`SUPPLIES_SECRET_REPLAY_HOURS`); "
        "never otherwise: keep it."
    )


class DeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    event_type: str = Field(description="A type of the event catalogue (`order.placed`, …).")
    state: DeliveryState
    attempts: int
    last_status_code: int | None
    last_error: str
    next_attempt_at: datetime
    delivered_at: datetime | None
    created_at: datetime
    payload: str = Field(description="The exact JSON body sent (and signed).")


DeliveryPage = Page[DeliveryRead]
