"""Partner 合作商户: a supermarket or pharmacy that supplies a community at no markup."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id
from supplies.database import Base


class PartnerKind(StrEnum):
    supermarket = "supermarket"
    pharmacy = "pharmacy"
    lab = "lab"  # 检测机构: posts test results; its key reaches nothing else


class Partner(Base):
    __tablename__ = "partner"
    __table_args__ = (UniqueConstraint("community_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID, index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[PartnerKind] = mapped_column(String(20))
    contact_name: Mapped[str] = mapped_column(String(50), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
