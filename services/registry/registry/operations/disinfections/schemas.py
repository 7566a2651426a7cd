from __future__ import annotations

import re
import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from registry.operations.disinfections.models import BUILDING_KINDS, PlaceKind
from registry.text_fields import OneLine
from shouhu_common.pagination import Page

_RATIO = re.compile(r"1\s*[:：]\s*(\d{1,5})")
_MG_PER_L = re.compile(r"(\d{1,6}(?:\.\d{1,2})?)\s*(?:mg/l|毫克/升)", re.IGNORECASE)
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d{1,2})?)\s*[%％]")
_TIME_OF_DAY = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def _number(text: str) -> str:
    return format(Decimal(text).normalize(), "f")


def normalize_concentration(value: str) -> str:
    """A dilution ("1:100", as on the 84 bottle), a strength ("500 mg/L") or a percentage
    ("75%"), written one way so reports can group them."""
    text = value.strip()
    if m := _RATIO.fullmatch(text):
        if 1 <= int(m[1]) <= 10_000:
            return f"1:{int(m[1])}"
    elif m := _MG_PER_L.fullmatch(text):
        if 0 < Decimal(m[1]) <= 100_000:
            return f"{_number(m[1])} mg/L"
    elif (m := _PERCENT.fullmatch(text)) and 0 < Decimal(m[1]) <= 100:
        return f"{_number(m[1])}%"
    raise ValueError(
        "concentration is a dilution (1:100, at most 1:10000), a strength "
        "(500 mg/L, at most 100000) or a percentage (75%)"
    )


def _check_place(kind: PlaceKind, building_id: uuid.UUID | None, place: str) -> None:
    if kind in BUILDING_KINDS and building_id is None:
        raise ValueError(f"a {kind} needs building_id")
    if kind not in BUILDING_KINDS and building_id is not None:
        raise ValueError(f"a {kind} is named in place, not by building_id")
    if kind not in BUILDING_KINDS and not place:
        raise ValueError(f"a {kind} needs its name in place (e.g. 东门主干道)")


class DisinfectionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID = Field(
        description="A UUID the phone makes once per record: a retry returns the first record."
    )
    community_id: uuid.UUID | None = Field(
        None, description="Default: the caller's only community."
    )
    place_kind: PlaceKind
    building_id: uuid.UUID | None = Field(
        None, description="Required for building, lift and stairwell; absent otherwise."
    )
    place: OneLine = Field(
        "",
        max_length=100,
        description="The place's name for main roads, garbage points and others (required "
        "there, and the same name as in the schedule); a detail such as 2单元 otherwise.",
        examples=["东门主干道"],
    )
    agent: OneLine = Field(min_length=1, max_length=50, examples=["84消毒液"])
    concentration: str = Field(
        max_length=20,
        description="A dilution `1:100`, a strength `500 mg/L`, or a percentage `75%`.",
        examples=["1:100"],
    )
    done_at: AwareDatetime | None = Field(
        None, description="When it was done (an entry queued offline); default: now."
    )
    done_by: OneLine = Field(
        "", max_length=100, description="Who did it, by name; default: the caller."
    )
    note: OneLine = Field("", max_length=200)
    task_id: uuid.UUID | None = Field(
        None,
        description="The disinfection task this work completes: it is marked done with the "
        "record (one you see, of this community, not cancelled).",
    )

    @field_validator("concentration")
    @classmethod
    def _concentration(cls, value: str) -> str:
        return normalize_concentration(value)

    @model_validator(mode="after")
    def _place_identified(self) -> DisinfectionCreate:
        _check_place(self.place_kind, self.building_id, self.place)
        return self


class DisinfectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    client_id: uuid.UUID
    community_id: uuid.UUID
    place_kind: PlaceKind
    building_id: uuid.UUID | None
    place: str
    agent: str
    concentration: str
    done_at: datetime
    done_by: str
    note: str
    recorded_by: str
    recorded_at: datetime
    task_id: uuid.UUID | None


class ScheduleFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: OneLine = Field(min_length=1, max_length=100, examples=["电梯每日两次"])
    place_kind: PlaceKind
    times: list[str] = Field(
        min_length=1,
        max_length=12,
        description="Times of day, `HH:MM` in the community's time zone.",
        examples=[["08:00", "16:00"]],
    )
    all_buildings: bool = Field(
        False, description="Building kinds: every building of the community, as it is when read."
    )
    building_ids: list[uuid.UUID] = Field(default_factory=list, max_length=500)
    places: list[OneLine] = Field(
        default_factory=list, max_length=50, description="Other kinds: the places' names."
    )
    grace_minutes: int = Field(
        60, ge=0, le=720, description="How long after its time an occurrence becomes overdue."
    )
    active: bool = True

    @field_validator("times")
    @classmethod
    def _times(cls, value: list[str]) -> list[str]:
        if any(not _TIME_OF_DAY.fullmatch(t) for t in value):
            raise ValueError("times are HH:MM, 00:00 to 23:59")
        if len(set(value)) != len(value):
            raise ValueError("times repeat")
        return sorted(value)

    @field_validator("places")
    @classmethod
    def _places(cls, value: list[str]) -> list[str]:
        if any(not p or len(p) > 100 for p in value) or len(set(value)) != len(value):
            raise ValueError("places are distinct names of 1 to 100 characters")
        return value

    @model_validator(mode="after")
    def _place_set(self) -> ScheduleFields:
        if self.place_kind in BUILDING_KINDS:
            if self.places:
                raise ValueError(f"a {self.place_kind} schedule names buildings, not places")
            if self.all_buildings == bool(self.building_ids):
                raise ValueError("give either all_buildings or building_ids")
            if len(set(self.building_ids)) != len(self.building_ids):
                raise ValueError("building_ids repeat")
        elif self.building_ids or self.all_buildings or not self.places:
            raise ValueError(f"a {self.place_kind} schedule names its places")
        return self


class ScheduleCreate(ScheduleFields):
    community_id: uuid.UUID | None = Field(
        None, description="Default: the caller's only community."
    )


class SchedulePlaceRead(BaseModel):
    building_id: uuid.UUID | None
    place: str = Field(description="The place's name, or the building's (e.g. 东苑 1栋).")


class ScheduleRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    name: str
    place_kind: PlaceKind
    times: list[str]
    all_buildings: bool
    places: list[SchedulePlaceRead] = Field(description="Resolved now, for all_buildings too.")
    grace_minutes: int
    active: bool
    effective_from: datetime = Field(description="Occurrences are due from here on.")
    created_by: str
    created_at: datetime


class OccurrenceState(StrEnum):
    done = "done"  # a record falls in its window
    pending = "pending"  # not yet due (plus grace)
    overdue = "overdue"  # past due + grace, its window still open: go now
    missed = "missed"  # its window closed with no record


class OccurrenceRead(BaseModel):
    schedule_id: uuid.UUID
    schedule_name: str
    place_kind: PlaceKind
    building_id: uuid.UUID | None
    place: str
    due_at: datetime
    window_start: datetime = Field(description="A record from here…")
    window_end: datetime = Field(description="…to here (exclusive) counts for this occurrence.")
    state: OccurrenceState
    record_id: uuid.UUID | None


DisinfectionPage = Page[DisinfectionRead]
SchedulePage = Page[ScheduleRead]
