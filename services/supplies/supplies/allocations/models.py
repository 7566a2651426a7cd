"""Allocation 紧缺物资分配: scarce protective gear given out by the community's priority rules,
never beyond what is in stock; each grant is a stock movement."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id
from supplies.database import Base


class Allocation(Base):
    __tablename__ = "allocation"

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID, index=True)
    stock_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stock_item.id"))
    quantity_each: Mapped[int] = mapped_column(Integer)
    rules: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class AllocationGrant(Base):
    __tablename__ = "allocation_grant"

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    allocation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("allocation.id"), index=True)
    priority: Mapped[int] = mapped_column(Integer)
    rule_label: Mapped[str] = mapped_column(String(100))
    recipient: Mapped[str] = mapped_column(String(100))
    household_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)
    quantity: Mapped[int] = mapped_column(Integer)
