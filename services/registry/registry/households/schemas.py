from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from registry.households.models import HouseholdStatus
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
