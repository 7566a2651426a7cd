from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from registry.operations.workers.models import WorkerCategory
from shouhu_common.pagination import Page

ALL_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]


def _checked_weekdays(value: list[int] | None) -> list[int] | None:
    if value is None:
        return None
    if any(d < 1 or d > 7 for d in value):
        raise ValueError("weekdays are 1 (Monday) to 7 (Sunday)")
    return sorted(set(value))


class ShiftTemplateCreate(BaseModel):
    """A shift of the community's day in its local time (Asia/Shanghai by default)."""

    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID | None = Field(None, description="Default: the caller's only one.")
    gate_id: uuid.UUID | None = Field(None, description="None: every gate of the community.")
    name: str = Field(min_length=1, max_length=20, examples=["夜班"])
    start_time: time = Field(examples=["20:00"])
    end_time: time = Field(examples=["08:00"], description="At or before start: the next day.")
    weekdays: list[int] = Field(
        default_factory=lambda: list(ALL_WEEKDAYS),
        min_length=1,
        max_length=7,
        description="ISO weekdays the shift runs on, 1 = Monday.",
    )
    min_workers: int = Field(1, ge=1, le=20, description="Fewer on the shift is a gap.")
    active: bool = True

    _weekdays = field_validator("weekdays")(_checked_weekdays)

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if self.start_time == self.end_time:
            raise ValueError("start_time and end_time must differ")
        return self


class ShiftTemplateUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=20)
    start_time: time | None = None
    end_time: time | None = None
    weekdays: list[int] | None = Field(None, min_length=1, max_length=7)
    min_workers: int | None = Field(None, ge=1, le=20)
    active: bool | None = None

    _weekdays = field_validator("weekdays")(_checked_weekdays)


class ShiftTemplateRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    gate_id: uuid.UUID | None
    gate_name: str | None = Field(description="None: every gate.")
    name: str
    start_time: time
    end_time: time
    crosses_midnight: bool
    hours: float
    weekdays: list[int]
    min_workers: int
    active: bool


class FillWeek(BaseModel):
    """Makes the templates' shifts for seven days from `week_start`; shifts that already exist
    are kept as they are, so filling twice makes nothing new."""

    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID | None = Field(None, description="Default: the caller's only one.")
    week_start: date = Field(description="The first local day (usually a Monday).")
    template_ids: list[uuid.UUID] | None = Field(
        None, max_length=50, description="Default: every active template."
    )
    gate_ids: list[uuid.UUID] | None = Field(
        None, max_length=50, description="Default: every gate the templates name."
    )


class ShiftCreate(BaseModel):
    """One shift at a gate. A night shift is given by its two datetimes (20:00 to 08:00 the
    next day); both need an offset (`+08:00` or `Z`)."""

    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID | None = Field(
        None, description="A UUID the phone makes once per shift: a retry returns the first."
    )
    gate_id: uuid.UUID
    starts_at: AwareDatetime = Field(examples=["2026-11-24T20:00:00+08:00"])
    ends_at: AwareDatetime = Field(examples=["2026-11-25T08:00:00+08:00"])
    min_workers: int = Field(1, ge=1, le=20)
    note: str = Field("", max_length=200)
    worker_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=20, description="Put these workers on it at once."
    )


class ShiftAssignmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    worker_id: uuid.UUID
    client_id: uuid.UUID | None = Field(
        None, description="A UUID made once per assignment: a retry answers 200, unchanged."
    )


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    worker_id: uuid.UUID | None = Field(
        None, description="Staff only, for someone else; default: the caller's own entry."
    )


class ShiftWorkerRead(BaseModel):
    worker_id: uuid.UUID
    name: str
    category: WorkerCategory
    checked_in_at: datetime | None
    checked_out_at: datetime | None


class ShiftRead(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID | None
    community_id: uuid.UUID
    gate_id: uuid.UUID
    gate_name: str
    template_id: uuid.UUID | None
    starts_at: datetime
    ends_at: datetime
    local_date: date = Field(description="The local day the shift starts on.")
    label: str = Field(description="Local times, e.g. `20:00–08:00`.", examples=["20:00–08:00"])
    hours: float
    min_workers: int
    staffed: bool = Field(description="At least `min_workers` on it.")
    note: str
    workers: list[ShiftWorkerRead]


class FillWeekResult(BaseModel):
    created: int
    existing: int
    shifts: list[ShiftRead] = Field(description="The week's shifts from these templates.")


class MyShiftRead(BaseModel):
    shift_id: uuid.UUID
    worker_id: uuid.UUID
    community_id: uuid.UUID
    gate_id: uuid.UUID
    gate_name: str
    starts_at: datetime
    ends_at: datetime
    local_date: date
    label: str
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    colleagues: list[str] = Field(description="Names of the others on the shift.")


ShiftPage = Page[ShiftRead]
