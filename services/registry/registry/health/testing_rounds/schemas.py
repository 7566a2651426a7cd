from __future__ import annotations

import uuid
from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)

from registry.health.sampling.models import TubeResult
from registry.health.testing_rounds.models import Arrangement, ArrangementReason, RoundStatus
from registry.text_fields import OneLine
from shouhu_common.pagination import Page


def _local_clock(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("a time of day in the community's time zone, without an offset")
    return value.replace(second=0, microsecond=0)


# "08:00": a time of day in the community's time zone, to the minute
Clock = Annotated[
    time,
    AfterValidator(_local_clock),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str),
]


class PointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: OneLine = Field(min_length=1, max_length=100, examples=["一号采样点"])
    place: OneLine = Field("", max_length=200, examples=["东苑广场"])
    opens_at: Clock = Field(examples=["08:00"])
    closes_at: Clock = Field(examples=["12:00"])
    tables: int = Field(1, ge=1, le=50, description="Sampling tables 采样台 working at once.")

    @model_validator(mode="after")
    def _opens_before_closing(self) -> PointCreate:
        if self.opens_at >= self.closes_at:
            raise ValueError("opens_at must be before closes_at")
        return self


class RoundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID | None = Field(
        None, description="Default: the caller's only community."
    )
    name: OneLine = Field(min_length=1, max_length=100, examples=["第三轮全员核酸"])
    round_date: date
    pool_size: Literal[1, 5, 10, 20] = Field(10, description="People per tube (混管).")
    households_per_slot: int = Field(20, ge=1, le=500, description="Per table and slot.")
    slot_minutes: int = Field(10, ge=1, le=240)
    points: list[PointCreate] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _distinct_points(self) -> RoundCreate:
        if len({p.name for p in self.points}) != len(self.points):
            raise ValueError("two points have the same name")
        return self


class RoundUpdate(BaseModel):
    """Only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    name: OneLine | None = Field(None, min_length=1, max_length=100)
    status: RoundStatus | None = Field(
        None, description="planned → sampling → closed, one step at a time."
    )


class PointRead(BaseModel):
    id: uuid.UUID
    name: str
    place: str
    opens_at: Clock
    closes_at: Clock
    tables: int


class RoundRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    name: str
    round_date: date
    pool_size: int
    households_per_slot: int
    slot_minutes: int
    status: RoundStatus
    points: list[PointRead]
    created_by: str
    created_at: datetime
    updated_at: datetime


RoundPage = Page[RoundRead]


class SlotRead(BaseModel):
    id: uuid.UUID
    building_id: uuid.UUID
    building_name: str = Field(examples=["东苑 1栋"])
    point_id: uuid.UUID
    point_name: str
    from_floor: int
    to_floor: int
    starts_at: Clock
    ends_at: Clock
    households: int = Field(description="Households living on these floors of the building.")


_NOT_NULL = ("point_id", "starts_at", "ends_at", "from_floor", "to_floor")


class SlotUpdate(BaseModel):
    """Only the fields sent change; the slot must still lie within its point's hours."""

    model_config = ConfigDict(extra="forbid")

    point_id: uuid.UUID | None = None
    starts_at: Clock | None = None
    ends_at: Clock | None = None
    from_floor: int | None = Field(None, ge=-10, le=200)
    to_floor: int | None = Field(None, ge=-10, le=200)

    @model_validator(mode="after")
    def _not_null(self) -> SlotUpdate:
        nulls = [f for f in _NOT_NULL if f in self.model_fields_set and getattr(self, f) is None]
        if nulls:
            raise ValueError(f"may not be null: {', '.join(nulls)}")
        return self


_REASONS = {
    Arrangement.excluded: {
        ArrangementReason.in_hospital,
        ArrangementReason.away,
        ArrangementReason.under_3,
        ArrangementReason.other,
    },
    Arrangement.home_sampling: {
        ArrangementReason.quarantined,
        ArrangementReason.bedridden,
        ArrangementReason.other,
    },
}


class ArrangementSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    arrangement: Arrangement
    reason: ArrangementReason = Field(
        description="excluded: in_hospital, away, under_3, other; home_sampling: quarantined, "
        "bedridden, other."
    )
    note: OneLine = Field("", max_length=200)

    @model_validator(mode="after")
    def _reason_fits(self) -> ArrangementSet:
        if self.reason not in _REASONS[self.arrangement]:
            raise ValueError(f"reason {self.reason} does not go with {self.arrangement}")
        return self


class ArrangementRead(BaseModel):
    person_id: uuid.UUID
    name: str = Field(description="Masked: 张*.")
    household_id: uuid.UUID
    building_id: uuid.UUID
    building_name: str
    floor: int
    room: str
    arrangement: Arrangement
    reason: ArrangementReason
    note: str


class BusynessLevel(StrEnum):
    idle = "idle"  # 空闲: under 10 registrations per table in the last 10 minutes
    busy = "busy"  # 较忙: under 20
    crowded = "crowded"  # 繁忙


class PointBusyness(BaseModel):
    point_id: uuid.UUID
    name: str
    place: str
    opens_at: Clock
    closes_at: Clock
    tables: int
    registrations_10min: int = Field(description="Not counting duplicate registrations.")
    level: BusynessLevel


class RoundNoticeRead(BaseModel):
    notice_id: uuid.UUID
    title: str
    body: str
    url: str
    share_text: str
    published_at: datetime


class HouseholdRoundSummary(BaseModel):
    id: uuid.UUID
    name: str
    round_date: date
    status: RoundStatus


class HouseholdSlot(BaseModel):
    point_id: uuid.UUID
    point_name: str
    place: str
    from_floor: int
    to_floor: int
    starts_at: Clock
    ends_at: Clock


class LatestResult(BaseModel):
    result: TubeResult
    sampled_at: datetime
    pooled: bool = Field(
        False,
        description="Pooled with others (混管): a positive pooled tube means a single-tube re-test "
        "(待复核), not that this person is positive.",
    )


class HouseholdMember(BaseModel):
    person_id: uuid.UUID
    name: str = Field(description="Masked: 张*.")
    sampled: bool = Field(description="Registered in this round (a duplicate does not count).")
    arrangement: Arrangement | None
    latest_result: LatestResult | None = Field(
        description="Of the person's latest registration whose tube has a result, in any round."
    )


class HouseholdRound(BaseModel):
    """The household card's testing section: the current round, or none."""

    household_id: uuid.UUID
    round: HouseholdRoundSummary | None = Field(
        description="The latest round not closed, or closed today; None when there is none."
    )
    slot: HouseholdSlot | None = Field(description="When and where the household goes down.")
    points: list[PointBusyness]
    members: list[HouseholdMember]
