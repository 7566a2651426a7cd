from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class CommunityRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    subdistrict: str
    timezone: str


class BuildingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    compound_id: uuid.UUID
    compound_name: str
    name: str
    floors: int
    units: int


class CompoundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, description="e.g. 东苑")


class CompoundRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    community_id: uuid.UUID
    name: str


class BuildingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    compound_id: uuid.UUID
    name: str = Field(min_length=1, max_length=50, description="e.g. 3栋")
    floors: int = Field(6, ge=1, le=200)
    units: int = Field(1, ge=1, le=50)
