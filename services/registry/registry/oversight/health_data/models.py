"""The record of each purge of a community's health data 健康数据清除: who, when, on which final
export, and how many rows each table lost. The rows themselves are gone for good."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class HealthDataPurge(Base):
    __tablename__ = "health_data_purge"

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    # the audit record of the final health-data export the purge was made after
    export_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("audit_event.id"))
    purged_by: Mapped[str] = mapped_column(String(100))
    purged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    reason: Mapped[str] = mapped_column(String(200))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)  # table → rows deleted
    households_released: Mapped[int] = mapped_column(Integer)
