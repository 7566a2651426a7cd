from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from registry.gates.models import Direction, Verdict, VisitorKind
from shouhu_common.pagination import Page

TOKEN_MAX = 300


class GateCheck(BaseModel):
    """A scanned token or a typed pass number, at a gate."""

    model_config = ConfigDict(extra="forbid")

    gate_id: uuid.UUID
    token: str | None = Field(None, max_length=TOKEN_MAX, description="The QR code's text.")
    pass_number: str | None = Field(None, pattern=r"^\d{8}$", description="Typed instead.")
    direction: Direction = Direction.out

    @model_validator(mode="after")
    def _one_credential(self) -> GateCheck:
        if (self.token is None) == (self.pass_number is None):
            raise ValueError("give exactly one of token and pass_number")
        return self


class PassageRecord(GateCheck):
    """Verify and log one passage, online. Retrying with the same client_id records it once."""

    client_id: uuid.UUID | None = Field(None, description="The phone's UUID for this log.")
    temperature: float = Field(ge=30.0, le=45.0, description="°C, 30–45 (else not a reading)")
    mask: bool
    note: str = Field("", max_length=200)


class OfflinePassage(PassageRecord):
    """A passage the phone judged offline, uploaded later."""

    client_id: uuid.UUID
    occurred_at: AwareDatetime = Field(description="The phone's clock when it happened.")
    verdict: Verdict = Field(description="What the phone showed.")
    reason: str | None = Field(None, max_length=20)


class PassageBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    logs: list[Any] = Field(
        max_length=5000, description="OfflinePassage items; invalid ones are reported, not fatal."
    )


class GateVerdict(BaseModel):
    verdict: Verdict
    reason: str | None = Field(None, description="Stable code of a denial, e.g. `quota_used`.")
    message: str = Field(description="What the volunteer reads, in Chinese.")
    pass_id: uuid.UUID | None = None
    pass_number: str | None = None
    pass_status: str | None = Field(None, description="active, suspended, revoked or expired")
    household_id: uuid.UUID | None = None
    address: str | None = None
    valid_until: datetime | None = None
    next_allowed_at: datetime | None = Field(None, description="When the quota allows again.")
    fever: bool = Field(False, description="At or above the threshold: refer to a fever clinic.")


class PassageRead(GateVerdict):
    log_id: uuid.UUID
    client_id: uuid.UUID
    direction: Direction
    temperature: float | None
    mask: bool | None
    occurred_at: datetime
    duplicate: bool = Field(False, description="This client_id was already recorded.")


class RejectedLog(BaseModel):
    index: int
    client_id: str | None
    errors: list[str]


class FlaggedLog(BaseModel):
    client_id: uuid.UUID
    server_reason: str
    message: str


class BatchResult(BaseModel):
    accepted: list[uuid.UUID] = Field(description="Recorded by this upload.")
    duplicates: list[uuid.UUID] = Field(description="Already recorded before: not stored twice.")
    rejected: list[RejectedLog]
    flagged: list[FlaggedLog] = Field(description="Allowed offline, denied by the server's rules.")


class GateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID
    name: str = Field(min_length=1, max_length=50)


class GateVolunteers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subjects: list[str] = Field(
        max_length=200, description="Gateway subjects of the volunteers, e.g. `user:<uuid>`."
    )


class GateRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    name: str
    volunteers: list[str]


class GateLogRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    client_id: uuid.UUID
    gate_id: uuid.UUID
    pass_id: uuid.UUID | None
    household_id: uuid.UUID | None
    direction: str
    temperature: float | None
    mask: bool | None
    note: str
    verdict: str
    reason: str | None
    fever: bool
    offline: bool
    flagged: bool
    server_reason: str | None
    logged_by: str
    occurred_at: datetime
    received_at: datetime


GateLogPage = Page[GateLogRead]


class LastPassage(BaseModel):
    household_id: uuid.UUID
    address: str
    last: GateLogRead | None = Field(description="The newest allowed passage, if any.")
    gate_name: str | None


class HourFigures(BaseModel):
    gate_id: uuid.UUID
    gate_name: str
    hour: datetime = Field(description="Start of the hour, community time.")
    passages_out: int
    passages_in: int
    denied: int
    denied_by_reason: dict[str, int]
    fever_referrals: int


class GateFigures(BaseModel):
    community_id: uuid.UUID
    day: date
    hours: list[HourFigures]
    totals: dict[str, int]


class VisitorCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID
    gate_id: uuid.UUID
    kind: VisitorKind
    name: str = Field(min_length=1, max_length=50)
    phone: str = Field(pattern=r"^1\d{10}$", description="Chinese mobile; stored encrypted.")
    purpose: str = Field("", max_length=200)
    visiting: str = Field("", max_length=100, description="Whom they visit, or which delivery.")
    household_id: uuid.UUID | None = Field(None, description="A returnee's household.")
    from_city: str = Field("", max_length=50)
    transport: str = Field("", max_length=50)
    arrival_date: date | None = None
    temperature: float = Field(ge=30.0, le=45.0)

    @model_validator(mode="after")
    def _returnee_fields(self) -> VisitorCreate:
        if self.kind == VisitorKind.returnee and (not self.from_city or self.household_id is None):
            raise ValueError("a returnee needs from_city and household_id")
        return self


class VisitorRead(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    gate_id: uuid.UUID
    kind: str
    name: str
    phone: str = Field(description="Masked (`138****5678`).")
    purpose: str
    visiting: str
    household_id: uuid.UUID | None
    from_city: str
    transport: str
    arrival_date: date | None
    temperature: float
    fever: bool
    registered_at: datetime
    duplicate: bool = False


VisitorPage = Page[VisitorRead]
