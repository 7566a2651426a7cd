from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class PartnerKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    partner_id: uuid.UUID
    label: str = Field("", max_length=100, examples=["收银系统"])


class PartnerKeyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    partner_id: uuid.UUID
    partner_name: str
    partner_kind: str = Field(description="The partner's kind when the key was issued.")
    label: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class PartnerKeyIssued(PartnerKeyRead):
    api_key: str = Field(description="Shown once. Send it as the `X-API-Key` header.")
