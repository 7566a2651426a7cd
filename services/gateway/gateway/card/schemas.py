"""The household card 户卡 as a resident's phone shows it: one response, so it can be kept for
offline use as a whole."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field


class CardHousehold(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    address: str
    card_number: str
    status: str = Field(description="`normal`, `home_quarantine` (居家隔离) or `sealed` (封控).")


class CardMember(BaseModel):
    name: str
    relation: str
    id_number: str | None = Field(description="Always masked, e.g. `370602********1234`.")
    phone: str | None = Field(description="Always masked, e.g. `138****5678`.")
    elderly: bool


class CardPass(BaseModel):
    id: uuid.UUID
    number: str = Field(description="8 digits, typed at the gate when the QR cannot be read.")
    status: str = Field(description="As stored: `active`, `suspended` or `revoked`.")
    effective_status: str = Field(
        description="What the gate applies: also `suspended` while the household is in "
        "quarantine, and `expired` after `valid_until`."
    )
    reason: str
    valid_from: datetime
    valid_until: datetime
    qr_svg: str | None = Field(
        description="The QR code as SVG markup (from the registry); None for a revoked pass."
    )
    qr_url: str = Field(description="The same QR on its own (`image/svg+xml`).")


class CardQuota(BaseModel):
    scope: str
    exits_per_period: int
    period_days: int
    used: int
    left: int
    window_ends_at: datetime


class CardOuting(BaseModel):
    """The next allowed outing, as the gate would judge an exit now."""

    can_go_out_now: bool
    reason: str | None = Field(description="`quarantined`, `curfew` or `quota_used`.")
    message: str = Field(description="In Chinese, as the gate says it.")
    next_allowed_at: datetime | None = Field(
        description="Now when allowed; None while quarantined or sealed."
    )
    quota: CardQuota | None
    curfew: str | None = Field(description="e.g. `22:00–06:00`.")


class CardQuarantinePeriod(BaseModel):
    person_name: str | None = Field(description="None: the whole household.")
    kind: str = Field(description="`home` 居家隔离 or `centralized` 集中隔离.")
    start_date: date
    planned_end_date: date


class CardQuarantine(BaseModel):
    in_quarantine: bool = Field(description="The household is under home quarantine or sealed.")
    end_date: date | None = Field(description="Planned end of the household's home quarantine.")
    periods: list[CardQuarantinePeriod] = Field(
        description="Active quarantines of the household or its members."
    )


class SectionUnavailable(BaseModel):
    """Why a section of the card could not be filled (its service is down or slow)."""

    type: str = Field(examples=["/problems/upstream-unavailable"])
    title: str


class CardNotice(BaseModel):
    id: uuid.UUID
    title: str
    body: str
    pinned: bool
    published_at: datetime


class CardNotices(BaseModel):
    available: bool
    items: list[CardNotice]
    problem: SectionUnavailable | None = None


class CardOrder(BaseModel):
    id: uuid.UUID
    partner_id: uuid.UUID
    partner_name: str
    status: str = Field(
        description="placed, accepted, rejected, cancelled, packed, out_for_delivery, "
        "delivered_gate or delivered_door."
    )
    delivery_mode: str = Field(description="`gate` (drop point) or `door`.")
    door_reason: str
    delivery_date: date
    delivery_time: str = Field(description="The round's HH:MM, community time.")
    item_count: int
    payable_fen: int
    created_at: datetime
    updated_at: datetime


class CardOrders(BaseModel):
    available: bool = Field(description="False when the supplies service could not answer.")
    items: list[CardOrder] = Field(description="The most recent orders, newest first.")
    problem: SectionUnavailable | None = None


class CardTestingResult(BaseModel):
    result: str = Field(description="`negative` 阴性, `positive` 阳性 or `invalid` 无效.")
    sampled_at: datetime
    pooled: bool = Field(
        False, description="A pooled tube (混管): positive means a re-test is due, 待复核."
    )


class CardTestingMember(BaseModel):
    name: str = Field(description="Masked: 张*.")
    sampled: bool = Field(description="Swabbed in the current round.")
    arrangement: str | None = Field(
        description="`home_sampling` 上门采样, `excluded` 免采, or None: at the point."
    )
    latest_result: CardTestingResult | None


class CardTestingPoint(BaseModel):
    name: str
    place: str
    opens_at: str
    closes_at: str
    level: str = Field(description="`idle` 空闲, `busy` 较忙 or `crowded` 繁忙, right now.")


class CardTestingSlot(BaseModel):
    point_name: str
    place: str
    from_floor: int
    to_floor: int
    starts_at: str = Field(description="HH:MM, community time.")
    ends_at: str


class CardTestingRound(BaseModel):
    id: uuid.UUID
    name: str
    round_date: date
    status: str = Field(description="`planned`, `sampling` or `closed`.")


class CardTesting(BaseModel):
    """Mass testing 全员核酸: the current round, when the household goes down and where."""

    available: bool = Field(description="False when the registry could not answer this part.")
    round: CardTestingRound | None = None
    slot: CardTestingSlot | None = None
    points: list[CardTestingPoint] = Field(default_factory=list)
    members: list[CardTestingMember] = Field(default_factory=list)
    problem: SectionUnavailable | None = None


class CardSelfReportMember(BaseModel):
    person_id: uuid.UUID = Field(description="Report for this member: `POST /api/v1/self-reports`.")
    name: str
    in_quarantine: bool
    reported: bool = Field(description="Reported this morning / evening.")
    temperature: float | None = Field(None, description="The latest report today.")
    antigen_result: str | None = None
    reported_at: datetime | None = None
    fever: bool = False


class CardSelfReport(BaseModel):
    """Self-report 自主上报: each member's temperature, symptoms or antigen result."""

    available: bool = Field(description="False when the registry could not answer this part.")
    local_date: date | None = None
    period: str | None = Field(None, description="`morning` (before 12:00) or `evening`.")
    replaces_calls: bool = Field(
        False, description="A quarantined member's report stands for this period's phone call."
    )
    fever_threshold: float | None = None
    members: list[CardSelfReportMember] = Field(default_factory=list)


class CardAppeal(BaseModel):
    id: uuid.UUID
    status: str = Field(description="`open` 待答复 or `answered` 已答复.")
    outcome: str | None = Field(description="`upheld` 维持 or `changed` 已更正, once answered.")
    answer_note: str
    submitted_at: datetime
    answered_at: datetime | None


class CardStatusChange(BaseModel):
    record_type: str = Field(description="`quarantine` or `pass`: what an appeal names.")
    record_id: uuid.UUID
    kind: str = Field(
        description="`quarantine` 隔离, `pass_suspended` 出入证停用 or `pass_revoked` 出入证注销."
    )
    person_name: str | None = Field(description="Masked; set when it concerns one member.")
    reason_code: str
    reason_label: str = Field(description="The reason code's Chinese label.")
    reason: str = Field(description="What staff wrote.")
    since: date
    until: date | None
    appeal: CardAppeal | None = Field(description="The latest appeal 申诉 and its answer.")


class CardStatusChanges(BaseModel):
    """Status changes that lock the household in, why, and the way to appeal (申诉)."""

    available: bool = Field(description="False when the registry could not answer this part.")
    items: list[CardStatusChange] = Field(default_factory=list)
    problem: SectionUnavailable | None = None


class HouseholdCardRead(BaseModel):
    household: CardHousehold
    members: list[CardMember]
    pass_: CardPass | None = Field(
        alias="pass", description="The household's current pass; None when none was issued."
    )
    outing: CardOuting
    quarantine: CardQuarantine
    notices: CardNotices
    orders: CardOrders
    testing: CardTesting
    self_report: CardSelfReport
    status_changes: CardStatusChanges
    generated_at: datetime

    model_config = {"populate_by_name": True}
