"""Household access codes: printed on the household card, exchanged for a resident token."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class HouseholdAccessCode(Base):
    __tablename__ = "household_access_code"

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    household_id: Mapped[uuid.UUID] = mapped_column(UUID, index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
