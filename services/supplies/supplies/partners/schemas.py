from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from supplies.partners.models import PartnerKind


class PartnerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID
    name: str = Field(min_length=1, max_length=100, examples=["鲜丰超市"])
    kind: PartnerKind
    contact_name: str = Field("", max_length=50)


class PartnerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    community_id: uuid.UUID
    name: str
    kind: PartnerKind
    contact_name: str
    active: bool
