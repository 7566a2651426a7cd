from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from registry.operations.tasks.models import TaskKind, TaskStatus
from registry.text_fields import MultiLine, OneLine
from shouhu_common.pagination import Page


class TaskFields(BaseModel):
    """What a task says; a dispatch meeting's action items carry the same fields."""

    model_config = ConfigDict(extra="forbid")

    kind: TaskKind = TaskKind.other
    title: OneLine = Field(min_length=1, max_length=100, examples=["3栋张贴防疫通知"])
    note: MultiLine = Field("", max_length=1000)
    place: OneLine = Field("", max_length=100, description="Where, in words (e.g. 东门).")
    building_id: uuid.UUID | None = Field(None, description="The building, when there is one.")
    assignee_worker_id: uuid.UUID | None = Field(
        None,
        description="A worker of the community's roster (/api/v1/workers); a grid worker or "
        "volunteer whose account is linked to that worker sees and moves the task.",
    )
    due_at: AwareDatetime | None = None


class TaskCreate(TaskFields):
    client_id: uuid.UUID | None = Field(
        None, description="A UUID made once per task by the caller: a retry returns the first."
    )
    community_id: uuid.UUID | None = Field(
        None, description="Default: the caller's only community."
    )


_NOT_NULL = ("kind", "title", "note", "place")


class TaskUpdate(BaseModel):
    """Only the fields sent change; `building_id`, `assignee_worker_id` and `due_at` may be set
    to null."""

    model_config = ConfigDict(extra="forbid")

    kind: TaskKind | None = None
    title: OneLine | None = Field(None, min_length=1, max_length=100)
    note: MultiLine | None = Field(None, max_length=1000)
    place: OneLine | None = Field(None, max_length=100)
    building_id: uuid.UUID | None = None
    assignee_worker_id: uuid.UUID | None = None
    due_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _not_null(self) -> TaskUpdate:
        nulls = [f for f in _NOT_NULL if f in self.model_fields_set and getattr(self, f) is None]
        if nulls:
            raise ValueError(f"may not be null: {', '.join(nulls)}")
        return self


class TaskStatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: TaskStatus = Field(
        description="open → in_progress → done; open or in_progress → cancelled (staff only). "
        "Asking for the status the task already has is a harmless retry."
    )
    note: OneLine = Field("", max_length=200, examples=["已完成，共张贴12张"])


class TaskRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    client_id: uuid.UUID | None
    community_id: uuid.UUID
    kind: TaskKind
    title: str
    note: str
    place: str
    building_id: uuid.UUID | None
    assignee_worker_id: uuid.UUID | None
    assignee_name: str = Field(description="The worker's name when the task was assigned.")
    due_at: datetime | None
    status: TaskStatus
    overdue: bool = Field(description="Still open or in progress after its due time.")
    meeting_id: uuid.UUID | None = Field(description="The dispatch meeting that decided it.")
    status_note: str
    created_by: str
    created_at: datetime
    started_at: datetime | None
    done_at: datetime | None
    cancelled_at: datetime | None
    updated_at: datetime


TaskPage = Page[TaskRead]
