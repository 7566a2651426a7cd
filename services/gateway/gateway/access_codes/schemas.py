from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class AccessCodeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    household_id: uuid.UUID


class AccessCodeIssued(BaseModel):
    household_id: uuid.UUID
    address: str
    access_code: str = Field(description="Shown once; printed on the household card.")


class ResidentSignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    access_code: str = Field(min_length=4, max_length=32, examples=["DEMO-0001"])
