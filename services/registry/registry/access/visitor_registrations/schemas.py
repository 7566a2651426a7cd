from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from registry.access.visitor_registrations.models import RegistrationStatus
from registry.text_fields import OneLine


class RegistrationCreate(BaseModel):
    """What a visitor types on their own phone: no sign-in, so nothing but this."""

    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID = Field(description="Made once per form: a retry never registers twice.")
    gate_token: str = Field(
        min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="From the poster."
    )
    name: OneLine = Field(min_length=1, max_length=50)
    phone: str = Field(pattern=r"^1\d{10}$", description="Chinese mobile; stored encrypted.")
    purpose: OneLine = Field("", max_length=200)
    visiting: OneLine = Field("", max_length=100, description="Whom they visit: household, room.")


class RegistrationSubmitted(BaseModel):
    """The visitor's own answer: nothing of anyone else, not even the gate's volunteers."""

    id: uuid.UUID
    client_id: uuid.UUID
    gate_name: str
    status: RegistrationStatus
    expires_at: datetime


class RegistrationRead(BaseModel):
    id: uuid.UUID
    gate_id: uuid.UUID
    name: str
    phone: str = Field(description="Masked (`138****5678`).")
    purpose: str
    visiting: str
    status: RegistrationStatus
    submitted_at: datetime
    expires_at: datetime
    confirmed_at: datetime | None
    gate_visitor_id: uuid.UUID | None = Field(description="The gate visitor it became.")


class RegistrationPage(BaseModel):
    items: list[RegistrationRead]
    total: int


class RegistrationConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    temperature: float = Field(ge=30.0, le=45.0, description="Taken at the gate, °C.")


class GatePosterRead(BaseModel):
    gate_id: uuid.UUID
    form_url: str = Field(description="What the poster's QR code opens: the public form.")
    rotated_at: datetime
