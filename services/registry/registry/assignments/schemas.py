from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

SUBJECT_PATTERN = r"^user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class GridAssignmentSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID
    building_ids: list[uuid.UUID] = Field(
        max_length=500, description="The whole set: buildings left out are unassigned."
    )


class GridAssignmentRead(BaseModel):
    subject: str = Field(description="The grid worker's account, `user:<uuid>`.")
    community_id: uuid.UUID
    building_id: uuid.UUID
    building_name: str
