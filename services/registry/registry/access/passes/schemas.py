from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from registry.residents.audit.reasons import PassReason, check_reason_text, describe
from shouhu_common.pagination import Page


class PassIssue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    household_id: uuid.UUID
    person_id: uuid.UUID | None = Field(
        None, description="For a personal pass; else the household's."
    )
    valid_from: AwareDatetime | None = Field(None, description="Default: now.")
    valid_until: AwareDatetime = Field(description="End of validity (at most a year away).")


class BuildingPassIssue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    building_id: uuid.UUID
    valid_from: AwareDatetime | None = None
    valid_until: AwareDatetime


class PassChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason_code: PassReason | None = Field(
        None, description="Required to suspend or revoke. " + describe(PassReason)
    )
    reason: str = Field("", max_length=200, description="Why, shown to staff and at the gate.")

    @model_validator(mode="after")
    def _reason_text(self) -> PassChange:
        check_reason_text(self.reason_code, self.reason)
        return self


class PassRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    household_id: uuid.UUID
    person_id: uuid.UUID | None
    number: str = Field(description="8 digits (the last a check digit), typed at the gate.")
    status: str = Field(description="As stored: `active`, `suspended` or `revoked`.")
    effective_status: str = Field(
        description="What the gate applies: also `suspended` while the household is in "
        "quarantine, and `expired` after `valid_until`."
    )
    reason_code: str = Field(description="Why it is suspended or revoked (a PassReason code).")
    reason: str
    address: str
    valid_from: datetime
    valid_until: datetime
    kid: int
    pass_version: int
    token: str = Field(description="The signed token the QR code carries.")
    replaced_by_id: uuid.UUID | None
    issued_at: datetime


PassPage = Page[PassRead]


class BuildingPassesIssued(BaseModel):
    issued: list[PassRead]
    skipped_household_ids: list[uuid.UUID] = Field(
        description="Households that already hold an active household pass."
    )


class PublicKeyRead(BaseModel):
    kid: int
    community_id: uuid.UUID
    algorithm: str = Field("ES256", description="ECDSA P-256 with SHA-256, signature raw r‖s.")
    public_key: str = Field(
        description="Uncompressed point, base64url without padding (WebCrypto `raw` import)."
    )
    created_at: datetime
    retired_at: datetime | None
    verify_until: datetime | None = Field(
        description="A retired key verifies until the last pass it signed expires."
    )


class KeyRotation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID


class PrintLayout(StrEnum):
    a4 = "a4"  # 8 cards per A4 sheet, to cut
    a6 = "a6"  # one card per A6 page
