from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from shouhu_common.identity import Role

STAFF_ROLE_VALUES = ("admin", "staff", "grid_worker", "gate_volunteer", "officer")


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str | None = None
    role: Role


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=10, max_length=200)


class LogoutRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str | None = Field(None, max_length=200)


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")
    password: str = Field(min_length=8, max_length=128)
    display_name: str = Field("", max_length=100)
    role: Role = Field(description="One of admin, staff, grid_worker, gate_volunteer, officer.")
    community_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)


class UserUpdate(BaseModel):
    """Only what is sent changes. A new password, role or set of communities ends the account's
    sessions."""

    model_config = ConfigDict(extra="forbid")

    display_name: str | None = Field(None, max_length=100)
    role: Role | None = None
    community_ids: list[uuid.UUID] | None = Field(None, max_length=100)
    password: str | None = Field(None, min_length=8, max_length=128)


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    community_ids: list[uuid.UUID]
    active: bool


class AccountName(BaseModel):
    """Who an account subject (`user:<id>`, as grid assignments name it) is, by name."""

    subject: str
    username: str
    display_name: str


class MeRead(BaseModel):
    subject: str
    role: Role
    name: str
    community_ids: list[uuid.UUID]
    partner_id: uuid.UUID | None = None
    household_id: uuid.UUID | None = None
