"""Worker 工作人员: the people who run the lockdown (staff, grid workers, volunteers), their
background, skills and availability, and the gateway account (by username) they sign in with.
The phone is stored encrypted with a keyed hash (blind index) for exact lookup."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class WorkerKind(StrEnum):
    staff = "staff"  # 社区工作人员
    grid_worker = "grid_worker"  # 网格员
    volunteer = "volunteer"  # 志愿者


class WorkerCategory(StrEnum):
    retired_cadre = "retired_cadre"  # 退休干部
    veteran = "veteran"  # 退役军人
    party_member = "party_member"  # 党员
    social_worker = "social_worker"  # 社工
    resident_volunteer = "resident_volunteer"  # 居民志愿者
    subdistrict_staff = "subdistrict_staff"  # 街道下沉干部


class Worker(Base):
    __tablename__ = "worker"
    __table_args__ = (
        # column order gives each constraint its own conventional name
        UniqueConstraint("account_username", "community_id"),
        UniqueConstraint("phone_hash", "community_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID | None] = mapped_column(UUID, unique=True, nullable=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[WorkerKind] = mapped_column(String(20))
    category: Mapped[WorkerCategory] = mapped_column(String(30))
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    phone_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    # [{"weekdays": [1..7], "start": "HH:MM", "end": "HH:MM"}]; end ≤ start crosses midnight
    availability: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    availability_note: Mapped[str] = mapped_column(String(200), default="")
    # a gateway account's username: the registry cannot read the gateway's tables
    account_username: Mapped[str | None] = mapped_column(String(64), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
