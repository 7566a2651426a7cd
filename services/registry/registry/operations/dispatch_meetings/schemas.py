from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from registry.operations.dispatch_meetings.models import MeetingPeriod
from registry.operations.tasks.schemas import TaskFields, TaskRead
from registry.text_fields import MultiLine, OneLine
from shouhu_common.pagination import Page


class ActionItem(TaskFields):
    """Becomes a task of the meeting's community, linked back to the meeting."""


class MeetingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID | None = Field(
        None,
        description="A UUID made once per meeting note: a retry returns the first, and never "
        "makes its tasks twice.",
    )
    community_id: uuid.UUID | None = Field(
        None, description="Default: the caller's only community."
    )
    held_at: AwareDatetime | None = Field(None, description="Default: now.")
    chair: OneLine = Field("", max_length=100, examples=["书记 刘红"])
    attendees: list[OneLine] = Field(
        default_factory=list, max_length=100, examples=[["刘红", "李敏", "王强"]]
    )
    notes: MultiLine = Field("", max_length=10_000)
    decisions: list[MultiLine] = Field(
        default_factory=list, max_length=50, examples=[["东苑3栋增加一次电梯消毒"]]
    )
    action_items: list[ActionItem] = Field(default_factory=list, max_length=50)

    @field_validator("attendees")
    @classmethod
    def _attendees(cls, value: list[str]) -> list[str]:
        if any(not a or len(a) > 50 for a in value):
            raise ValueError("attendees are names of 1 to 50 characters")
        return value

    @field_validator("decisions")
    @classmethod
    def _decisions(cls, value: list[str]) -> list[str]:
        if any(not d or len(d) > 500 for d in value):
            raise ValueError("decisions are 1 to 500 characters each")
        return value


class MeetingRead(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID | None
    community_id: uuid.UUID
    held_at: datetime
    local_date: date
    period: MeetingPeriod = Field(description="morning before 12:00 local time, else evening.")
    chair: str
    attendees: list[str]
    notes: str
    decisions: list[str]
    tasks: list[TaskRead] = Field(description="The action items, as tasks (their status now).")
    created_by: str
    created_at: datetime


MeetingPage = Page[MeetingRead]
