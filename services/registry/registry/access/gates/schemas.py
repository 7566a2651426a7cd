from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from registry.access.gates.models import Direction, Verdict, VisitorKind
from shouhu_common.pagination import Page

TOKEN_MAX = 300
RECORDER_MAX = 64  # the gateway's longest username


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
    person_id: uuid.UUID | None = Field(
        None,
        description="On a fever: the household member the volunteer picked (see "
        "`GET /api/v1/gate/passes/{pass_id}/members`); a personal pass names its holder itself.",
    )


def _named(value: object) -> str | None:
    """Whatever the phone sent, never a reason to refuse the log: a name that is not a posted
    volunteer's username only leaves the log with its uploader, flagged."""
    if value is None:
        return None
    text = (value if isinstance(value, str) else str(value)).strip()
    return text[:RECORDER_MAX] or None


class OfflinePassage(PassageRecord):
    """A passage the phone judged offline, uploaded later."""

    client_id: uuid.UUID
    occurred_at: AwareDatetime = Field(description="The phone's clock when it happened.")
    verdict: Verdict = Field(description="What the phone showed.")
    reason: str | None = Field(None, max_length=20)
    recorded_by: Annotated[str | None, BeforeValidator(_named)] = Field(
        None,
        description="Shift change: the username of the volunteer who logged it, when another "
        "volunteer uploads it. A volunteer posted at the gate is recorded as `logged_by`; any "
        "other name is kept in `recorded_by`, the log stays the uploader's and is flagged "
        "`recorder_unverified` (never refused for that).",
        examples=["gate1"],
    )


class PassageBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    logs: list[Any] = Field(
        max_length=5000, description="OfflinePassage items; invalid ones are reported, not fatal."
    )


class GateMember(BaseModel):
    """A member of a pass's household as the gate sees them: never an ID number or a phone."""

    person_id: uuid.UUID
    name: str = Field(description="Masked: 张*.")
    relation: str
    birth_year: int | None


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
    referral_id: uuid.UUID | None = Field(
        None, description="The fever-clinic referral this fever opened (staff close it)."
    )


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
    unverified_recorders: list[uuid.UUID] = Field(
        default_factory=list,
        description="Accepted, but `recorded_by` is no volunteer posted at the gate: logged as "
        "the uploader's, flagged `recorder_unverified`.",
    )


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
    logged_by: str = Field(description="Subject of the volunteer the log is attributed to.")
    recorded_by: str | None = Field(
        None, description="Uploaded by another volunteer: the username the phone named."
    )
    recorder_unverified: bool = Field(
        False,
        description="`recorded_by` is no volunteer posted at the gate: `logged_by` is "
        "the uploader.",
    )
    uploaded_by: str | None = Field(
        None, description="Subject of who uploaded it, when the phone named `recorded_by`."
    )
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
    returnee_id: uuid.UUID | None = Field(
        None, description="A returnee: their record in the returnee list (/api/v1/returnees)."
    )
    referral_id: uuid.UUID | None = Field(
        None, description="A returnee with a fever: the fever-clinic referral it opened."
    )
    duplicate: bool = False


VisitorPage = Page[VisitorRead]


class OutingQuota(BaseModel):
    scope: str = Field(description="`household` or `person` (a household pass: the household).")
    exits_per_period: int
    period_days: int
    used: int = Field(description="Exits already taken in the current window.")
    left: int
    window_ends_at: datetime = Field(description="When the next window starts (community time).")


class OutingQuarantine(BaseModel):
    person_name: str | None = Field(description="None when the whole household is quarantined.")
    kind: str = Field(description="`home` (居家隔离) or `centralized` (集中隔离).")
    start_date: date
    planned_end_date: date


class OutingStatus(BaseModel):
    """When the household may next go out, and why not now."""

    household_id: uuid.UUID
    household_status: str = Field(description="`normal`, `home_quarantine` or `sealed`.")
    can_go_out_now: bool
    reason: str | None = Field(
        None, description="Why not now: `quarantined`, `curfew` or `quota_used`."
    )
    message: str = Field(description="In plain Chinese, as the gate would say it.")
    next_allowed_at: datetime | None = Field(
        description="Now when allowed; the end of the curfew or of the quota window otherwise; "
        "None while quarantined or sealed (staff release it)."
    )
    quota: OutingQuota | None = Field(description="None when the community sets no quota.")
    curfew: str | None = Field(None, description="Curfew hours, e.g. `22:00–06:00`.")
    quarantine_end_date: date | None = Field(
        description="Latest planned end of the household's active home quarantines."
    )
    quarantines: list[OutingQuarantine] = Field(
        description="Active quarantines of the household or its members."
    )
