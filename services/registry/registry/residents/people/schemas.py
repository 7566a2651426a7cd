from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Self
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from registry.residents.people.id_numbers import (
    birth_date_problem,
    id_number_problem,
    normalize_id_number,
)
from registry.residents.people.phones import normalize_phone
from registry.residents.people.relations import RELATIONS, normalize_relation
from shouhu_common.pagination import Page

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today_in_china() -> date:
    return datetime.now(SHANGHAI).date()


def checked_id_number(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    problem = id_number_problem(value)
    if problem:
        raise ValueError(problem)
    return normalize_id_number(value)


def checked_phone(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    phone = normalize_phone(value)
    if phone is None:
        raise ValueError("手机号不是有效的中国大陆手机号码")
    return phone


def checked_relation(value: str | None) -> str | None:
    if value is None:
        return None
    relation = normalize_relation(value)
    if relation is None:
        raise ValueError("与户主关系无法识别，可填：" + "、".join(RELATIONS))
    return relation


class PersonCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    household_id: uuid.UUID
    name: str = Field(min_length=1, max_length=50)
    relation: str = Field("户主", description="与户主关系: " + "、".join(RELATIONS))
    id_number: str | None = Field(None, description="18 characters, GB 11643 check digit.")
    phone: str | None = Field(None, description="A Chinese mobile number.")
    birth_date: date | None = Field(None, description="Taken from the ID number when absent.")
    lives_alone: bool = False
    chronic_illness: bool = False
    disability: bool = False
    pregnant: bool = False

    _id_number = field_validator("id_number")(checked_id_number)
    _phone = field_validator("phone")(checked_phone)
    _relation = field_validator("relation")(checked_relation)

    @model_validator(mode="after")
    def _birth_date_matches(self) -> Self:
        if self.id_number:
            problem = birth_date_problem(self.id_number, self.birth_date, today_in_china())
            if problem:
                raise ValueError(problem)
        elif self.birth_date is not None and self.birth_date > today_in_china():
            raise ValueError("出生日期不能晚于今天")
        return self


class PersonUpdate(BaseModel):
    """Only the fields sent change; `id_number: null` or `phone: null` clears them."""

    model_config = ConfigDict(extra="forbid")

    household_id: uuid.UUID | None = Field(None, description="Move to another household.")
    name: str | None = Field(None, min_length=1, max_length=50)
    relation: str | None = None
    id_number: str | None = None
    phone: str | None = None
    birth_date: date | None = None
    lives_alone: bool | None = None
    chronic_illness: bool | None = None
    disability: bool | None = None
    pregnant: bool | None = None

    _id_number = field_validator("id_number")(checked_id_number)
    _phone = field_validator("phone")(checked_phone)
    _relation = field_validator("relation")(checked_relation)


class PersonRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    household_id: uuid.UUID
    building_id: uuid.UUID
    address: str = Field(description="Compound, building, unit and room.")
    name: str
    relation: str
    id_number: str | None = Field(None, description="Masked (`370602********1234`).")
    phone: str | None = Field(None, description="Masked (`138****5678`).")
    birth_date: date | None
    age: int | None
    elderly: bool = Field(description="65 or older, from the birth date.")
    lives_alone: bool
    chronic_illness: bool
    disability: bool
    pregnant: bool


class PersonDetail(PersonRead):
    revealed: bool = Field(False, description="True when the ID number and phone are in full.")


class PersonPage(Page[PersonRead]):
    truncated: bool = Field(
        False,
        description="A name search returns at most the first 1,000 matches: narrow it down.",
    )
