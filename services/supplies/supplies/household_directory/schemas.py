from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from shouhu_common.pagination import Page


class DirectoryEntryWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    household_id: uuid.UUID
    community_id: uuid.UUID
    compound: str = Field(min_length=1, max_length=50)
    building: str = Field(min_length=1, max_length=50)
    unit: int = Field(1, ge=1, le=99)
    floor: int = Field(ge=-5, le=200)
    room: str = Field(min_length=1, max_length=20)
    building_id: uuid.UUID | None = Field(
        None,
        description="The registry's building id: a grid worker sees the household only when "
        "its building (and floor) is in their grid. Without it no grid worker sees it.",
    )
    has_elderly: bool = False
    has_chronic_illness: bool = False
    lives_alone: bool = False


class DirectoryUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entries: list[DirectoryEntryWrite] = Field(min_length=1, max_length=1000)


class DirectoryUpserted(BaseModel):
    upserted: int


class DirectoryEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    household_id: uuid.UUID
    community_id: uuid.UUID
    compound: str
    building: str
    unit: int
    floor: int
    room: str
    building_id: uuid.UUID | None
    has_elderly: bool
    has_chronic_illness: bool
    lives_alone: bool
    source: str


DirectoryPage = Page[DirectoryEntryRead]
