"""Task 任务: a piece of community work (disinfection, posters, door-to-door distribution, phone
calls) assigned to a worker with a due time, moved open → in_progress → done (or cancelled)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class TaskKind(StrEnum):
    disinfection = "disinfection"  # 消毒
    poster = "poster"  # 张贴
    distribution = "distribution"  # 入户分发
    phone_calls = "phone_calls"  # 电话
    care = "care"  # 关爱对象需要帮助 (raised by a care check-in)
    other = "other"


class TaskStatus(StrEnum):
    open = "open"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


class Task(Base):
    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_community_status", "community_id", "status"),
        Index("ix_task_community_done", "community_id", "done_at"),
        Index("ix_task_assignee_status", "assignee_worker_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    # None for tasks made by a dispatch meeting: the meeting's client id covers their retries
    client_id: Mapped[uuid.UUID | None] = mapped_column(UUID, unique=True, nullable=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    kind: Mapped[TaskKind] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(String(1000), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    building_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("building.id"), index=True, nullable=True
    )
    assignee_worker_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("worker.id"), nullable=True
    )
    assignee_name: Mapped[str] = mapped_column(String(50), default="")  # as when assigned
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    status: Mapped[TaskStatus] = mapped_column(String(12), default=TaskStatus.open)
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("dispatch_meeting.id"), index=True, nullable=True
    )
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    status_note: Mapped[str] = mapped_column(String(200), default="")
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
