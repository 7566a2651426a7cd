from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict


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
