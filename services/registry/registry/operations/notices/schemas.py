from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from registry.operations.notices.models import NoticeState
from registry.text_fields import MultiLine, OneLine
from shouhu_common.pagination import Page


class NoticeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID | None = Field(
        None, description="A UUID made once per notice: a retry returns the first."
    )
    community_id: uuid.UUID | None = Field(
        None, description="Default: the caller's only community."
    )
    title: OneLine = Field(min_length=1, max_length=100, examples=["关于小区出入管理的通知"])
    body: MultiLine = Field(
        min_length=1,
        max_length=5000,
        examples=["即日起，每户每两天可由一名家庭成员凭出入证外出采购生活物资。"],
    )
    pinned: bool = False
    published_at: AwareDatetime | None = Field(
        None, description="When residents start to see it; default: now."
    )
    expires_at: AwareDatetime | None = Field(None, description="None: until withdrawn.")

    @model_validator(mode="after")
    def _expires_after_publish(self) -> NoticeCreate:
        if self.published_at and self.expires_at and self.expires_at <= self.published_at:
            raise ValueError("expires_at must be after published_at")
        return self


_NOT_NULL = ("title", "body", "pinned", "published_at")


class NoticeUpdate(BaseModel):
    """Only the fields sent change; `expires_at: null` makes it last until withdrawn."""

    model_config = ConfigDict(extra="forbid")

    title: OneLine | None = Field(None, min_length=1, max_length=100)
    body: MultiLine | None = Field(None, min_length=1, max_length=5000)
    pinned: bool | None = None
    published_at: AwareDatetime | None = None
    expires_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _not_null(self) -> NoticeUpdate:
        nulls = [f for f in _NOT_NULL if f in self.model_fields_set and getattr(self, f) is None]
        if nulls:
            raise ValueError(f"may not be null: {', '.join(nulls)}")
        return self


class NoticeRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    title: str
    body: str
    pinned: bool
    published_at: datetime
    expires_at: datetime | None
    withdrawn_at: datetime | None
    state: NoticeState
    url: str = Field(description="The notice in the PWA (the poster's QR code links here).")
    share_text: str = Field(
        description="Ready to paste into the residents' group chat: title, body, link."
    )
    created_at: datetime
    updated_at: datetime


NoticePage = Page[NoticeRead]
