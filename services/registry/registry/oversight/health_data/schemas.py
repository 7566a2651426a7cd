from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shouhu_common.pagination import Page


class PurgeCreate(BaseModel):
    """An admin's order to purge a community's health data, after a final export."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "community_id": "fe5628e0-1095-54cb-9efb-fdd1a585e891",
                    "confirm": "枫林社区",
                    "export_id": "0b7c6c53-5f0e-4f0c-9a43-3d2f5b1c7e21",
                    "reason": "疫情防控应急响应结束",
                }
            ]
        },
    )

    community_id: uuid.UUID
    confirm: str = Field(
        min_length=1, max_length=100, description="The community's name, typed back."
    )
    export_id: uuid.UUID = Field(
        description="`X-Export-Id` of a health-data export of this community "
        "(`GET /api/v1/exports/health-data.xlsx`) made in the last 24 hours, after the last "
        "health-data write."
    )
    reason: str = Field(min_length=2, max_length=150, description="Why, e.g. 应急响应结束")


class PurgeRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    export_id: uuid.UUID
    purged_by: str
    purged_at: datetime
    reason: str
    counts: dict[str, int] = Field(description="Rows deleted, by table.")
    households_released: int = Field(
        description="Households set back to `normal` (a `household.released` event each)."
    )


PurgePage = Page[PurgeRead]
