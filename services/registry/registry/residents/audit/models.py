"""Audit log: full reads and exports of personal data, and changes of a status that locks people
in (quarantine, a suspended pass). Append-only; administrators read it through
`/api/v1/audit-events`."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_actor_at", "actor", "at"),
        Index("ix_audit_event_person_at", "person_id", "at"),
        Index("ix_audit_event_household_at", "household_id", "at"),
        Index("ix_audit_event_community_at", "community_id", "at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(50))
    target_type: Mapped[str] = mapped_column(String(50))
    target_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(200), default="")
    # for a status change: the code from the action's closed list (residents/audit/reasons.py)
    reason_code: Mapped[str] = mapped_column(String(30), default="")
    request_id: Mapped[str] = mapped_column(String(128), default="")
    # whom it concerns, so that "everything done to Mrs Li's file" is one indexed read
    community_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)
    household_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)
