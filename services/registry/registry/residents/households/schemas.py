from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from registry.residents.households.models import HouseholdStatus
from registry.residents.people.phones import normalize_phone
from shouhu_common.pagination import Page


class MemberRead(BaseModel):
    id: uuid.UUID
    name: str
    relation: str
    id_number: str | None = Field(
        None, description="Masked (`370602********1234`) unless revealed."
    )
    phone: str | None = Field(None, description="Masked (`138****5678`) unless revealed.")
    birth_date: date | None
    elderly: bool
    lives_alone: bool
    chronic_illness: bool
    disability: bool
    pregnant: bool


class HouseholdRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    building_id: uuid.UUID
    compound_name: str
    building_name: str
    unit: int
    floor: int
    room: str
    address: str = Field(description="Compound, building, unit and room as printed on the card.")
    card_number: str
    status: HouseholdStatus
    contact_phone: str | None = Field(None, description="Masked unless revealed.")
    member_count: int


class HouseholdDetail(HouseholdRead):
    members: list[MemberRead]
    revealed: bool = Field(False, description="True when full ID numbers and phones are shown.")


HouseholdPage = Page[HouseholdRead]


def _mobile(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    phone = normalize_phone(value)
    if phone is None:
        raise ValueError("手机号不是有效的中国大陆手机号码")
    return phone


class HouseholdCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    building_id: uuid.UUID
    unit: int = Field(1, ge=1, le=50)
    floor: int = Field(ge=-5, le=200)
    room: str = Field(min_length=1, max_length=20, description="Room number, e.g. 502")
    contact_phone: str | None = Field(None, description="A Chinese mobile number.")
    card_number: str | None = Field(
        None, min_length=1, max_length=32, description="Printed card number; made up if absent."
    )

    _phone = field_validator("contact_phone")(_mobile)


class HouseholdUpdate(BaseModel):
    """Only the fields sent are changed; `contact_phone: null` clears it."""

    model_config = ConfigDict(extra="forbid")

    unit: int | None = Field(None, ge=1, le=50)
    floor: int | None = Field(None, ge=-5, le=200)
    room: str | None = Field(None, min_length=1, max_length=20)
    contact_phone: str | None = None

    _phone = field_validator("contact_phone")(_mobile)
