"""Catalog 商品目录: a partner's items at no markup, and the history of every price change."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id
from supplies.database import Base


class ItemCategory(StrEnum):
    vegetables = "vegetables"
    meat = "meat"
    staples = "staples"
    medicine = "medicine"
    protective = "protective"


class PriceKind(StrEnum):
    price = "price"
    reference = "reference"


class CatalogItem(Base):
    __tablename__ = "catalog_item"
    __table_args__ = (
        UniqueConstraint("partner_id", "name"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("price_fen > 0", name="price_positive"),
        Index("ix_catalog_item_community_category", "community_id", "category"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partner.id"), index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[ItemCategory] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(20))
    price_fen: Mapped[int] = mapped_column(Integer)
    # The pre-outbreak price approved by community staff; None until approved.
    reference_price_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    proposed_reference_price_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class PriceChange(Base):
    """One change of an item's price or reference price: who, when, why. Never edited."""

    __tablename__ = "price_change"
    __table_args__ = (Index("ix_price_change_item_at", "item_id", "changed_at"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("catalog_item.id"))
    kind: Mapped[PriceKind] = mapped_column(String(20))
    old_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    new_fen: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200), default="")
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
