from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from registry.operations.workers.models import WorkerCategory, WorkerKind
from registry.residents.people.schemas import checked_phone, today_in_china
from shouhu_common.pagination import Page

USERNAME_PATTERN = r"^[A-Za-z0-9_.\-]{2,64}$"  # the gateway's account names
CATEGORY_NAMES = {
    WorkerCategory.retired_cadre: "退休干部",
    WorkerCategory.veteran: "退役军人",
    WorkerCategory.party_member: "党员",
    WorkerCategory.social_worker: "社工",
    WorkerCategory.resident_volunteer: "居民志愿者",
    WorkerCategory.subdistrict_staff: "街道下沉干部",
}


class AvailabilitySlot(BaseModel):
    """When someone can take shifts, e.g. weekdays 08:00–14:00; an end at or before the start
    runs past midnight (20:00–08:00)."""

    model_config = ConfigDict(extra="forbid")

    weekdays: list[int] = Field(
        default_factory=lambda: [1, 2, 3, 4, 5, 6, 7],
        min_length=1,
        max_length=7,
        description="ISO weekdays, 1 = Monday … 7 = Sunday.",
    )
    start: time = Field(description="Local time, e.g. `08:00`.")
    end: time = Field(description="Local time; at or before `start` means the next day.")

    @field_validator("weekdays")
    @classmethod
    def _weekdays(cls, value: list[int]) -> list[int]:
        if any(d < 1 or d > 7 for d in value):
            raise ValueError("weekdays are 1 (Monday) to 7 (Sunday)")
        return sorted(set(value))

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if self.start == self.end:
            raise ValueError("start and end must differ")
        return self


def _checked_skills(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    skills = list(dict.fromkeys(s.strip() for s in value if s.strip()))
    if any(len(s) > 20 for s in skills):
        raise ValueError("a skill is at most 20 characters")
    return skills


def _checked_birth_year(value: int | None) -> int | None:
    if value is not None and not 1920 <= value <= today_in_china().year - 14:
        raise ValueError("birth year must be between 1920 and 14 years ago")
    return value


class WorkerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID | None = Field(
        None, description="A UUID the phone makes once per new worker: a retry returns the first."
    )
    community_id: uuid.UUID | None = Field(
        None, description="Default: the caller's only community."
    )
    name: str = Field(min_length=1, max_length=50)
    kind: WorkerKind = Field(
        WorkerKind.volunteer,
        description="staff 社区工作人员 · grid_worker 网格员 · volunteer 志愿者",
    )
    category: WorkerCategory = Field(
        description=" · ".join(f"{k.value} {v}" for k, v in CATEGORY_NAMES.items())
    )
    birth_year: int | None = Field(None, description="Or give `age`.")
    age: int | None = Field(None, ge=14, le=100, description="Turned into a birth year.")
    phone: str | None = Field(None, description="A Chinese mobile number; shown masked.")
    skills: list[str] = Field(default_factory=list, max_length=20, examples=[["驾驶", "测温"]])
    availability: list[AvailabilitySlot] = Field(default_factory=list, max_length=14)
    availability_note: str = Field("", max_length=200, examples=["周末全天，工作日晚上"])
    account_username: str | None = Field(
        None, pattern=USERNAME_PATTERN, description="The worker's sign-in account, if any."
    )
    active: bool = True
    note: str = Field("", max_length=200)

    _phone = field_validator("phone")(checked_phone)
    _skills = field_validator("skills")(_checked_skills)
    _birth_year = field_validator("birth_year")(_checked_birth_year)

    @model_validator(mode="after")
    def _age_or_birth_year(self) -> Self:
        if self.age is not None:
            if self.birth_year is not None:
                raise ValueError("give birth_year or age, not both")
            self.birth_year = today_in_china().year - self.age
            self.age = None
        return self


class WorkerUpdate(BaseModel):
    """Only the fields sent change; `phone: null` or `account_username: null` clears them."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=50)
    kind: WorkerKind | None = None
    category: WorkerCategory | None = None
    birth_year: int | None = None
    phone: str | None = None
    skills: list[str] | None = Field(None, max_length=20)
    availability: list[AvailabilitySlot] | None = Field(None, max_length=14)
    availability_note: str | None = Field(None, max_length=200)
    account_username: str | None = Field(None, pattern=USERNAME_PATTERN)
    active: bool | None = None
    note: str | None = Field(None, max_length=200)

    _phone = field_validator("phone")(checked_phone)
    _skills = field_validator("skills")(_checked_skills)
    _birth_year = field_validator("birth_year")(_checked_birth_year)


class WorkerRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    name: str
    kind: WorkerKind
    category: WorkerCategory
    category_name: str = Field(description="The category in Chinese, e.g. 退役军人.")
    birth_year: int | None
    age: int | None = Field(description="This year minus the birth year.")
    phone: str | None = Field(None, description="Masked (`138****5678`) unless revealed.")
    skills: list[str]
    availability: list[AvailabilitySlot]
    availability_note: str
    account_username: str | None
    has_account: bool
    active: bool
    note: str
    created_at: datetime
    updated_at: datetime


class WorkerDetail(WorkerRead):
    revealed: bool = Field(False, description="True when the phone is shown in full.")


WorkerPage = Page[WorkerRead]
