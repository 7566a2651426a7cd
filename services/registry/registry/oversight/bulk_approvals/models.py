"""Bulk changes held for a second approval: a quarantine start or a pass suspension or
revocation beyond the hourly threshold of one account, kept with its request until a different
account approves (then it is applied as asked) or rejects it."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class ApprovalStatus(StrEnum):
    pending = "pending"  # 待复核
    approved = "approved"  # 已批准（已生效）
    rejected = "rejected"  # 已驳回


class BulkApproval(Base):
    __tablename__ = "bulk_approval"
    __table_args__ = (
        Index("ix_bulk_approval_community_status", "community_id", "status", "requested_at"),
        Index("ix_bulk_approval_requester_at", "requested_by", "requested_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"))
    action: Mapped[str] = mapped_column(String(30))  # start_quarantine, suspend_pass, revoke_pass
    record_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)  # the pass
    client_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)  # the order's
    request: Mapped[dict[str, object]] = mapped_column(JSON)
    reason_code: Mapped[str] = mapped_column(String(30), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")
    requested_by: Mapped[str] = mapped_column(String(100))
    requested_role: Mapped[str] = mapped_column(String(20))
    requested_by_name: Mapped[str] = mapped_column(String(100), default="")  # shown to approvers
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    status: Mapped[ApprovalStatus] = mapped_column(String(10), default=ApprovalStatus.pending)
    decided_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decision_note: Mapped[str] = mapped_column(String(200), default="")
    result_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)  # the quarantine
