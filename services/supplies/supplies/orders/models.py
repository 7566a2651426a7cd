"""Household orders 居民订单: lines at the no-markup price, the delivery round, gate or door
delivery, shortages, and a timestamped timeline of every change."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id
from supplies.database import Base


class OrderStatus(StrEnum):
    placed = "placed"
    accepted = "accepted"
    rejected = "rejected"
    cancelled = "cancelled"
    packed = "packed"
    out_for_delivery = "out_for_delivery"
    delivered_gate = "delivered_gate"
    delivered_door = "delivered_door"


class DeliveryMode(StrEnum):
    gate = "gate"
    door = "door"


class TimelineKind(StrEnum):
    status = "status"
    delivery_mode = "delivery_mode"
    shortage = "shortage"
    carrier = "carrier"
    group_buy = "group_buy"


class ShortageKind(StrEnum):
    substituted = "substituted"
    missing = "missing"


class HouseholdOrder(Base):
    __tablename__ = "household_order"
    __table_args__ = (
        Index("ix_household_order_partner_seq", "partner_id", "change_seq"),
        Index("ix_household_order_round_partner", "round_id", "partner_id"),
        Index("ix_household_order_household_created", "household_id", "created_at"),
        Index("ix_household_order_community_created", "community_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)
    household_id: Mapped[uuid.UUID] = mapped_column(UUID)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partner.id"))
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("delivery_round.id"))
    status: Mapped[OrderStatus] = mapped_column(String(20), default=OrderStatus.placed)
    delivery_mode: Mapped[DeliveryMode] = mapped_column(String(10), default=DeliveryMode.gate)
    door_reason: Mapped[str] = mapped_column(String(200), default="")
    # The delivery address as it was when the order was placed.
    compound: Mapped[str] = mapped_column(String(50))
    building: Mapped[str] = mapped_column(String(50))
    unit: Mapped[int] = mapped_column(Integer)
    floor: Mapped[int] = mapped_column(Integer)
    room: Mapped[str] = mapped_column(String(20))
    placed_by: Mapped[str] = mapped_column(String(200))
    placed_by_role: Mapped[str] = mapped_column(String(20))
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")
    total_fen: Mapped[int] = mapped_column(Integer)
    refunded_fen: Mapped[int] = mapped_column(Integer, default=0)
    # Position in the partner's feed: raised on every change, in commit order per partner.
    change_seq: Mapped[int] = mapped_column(BigInteger)
    group_buy_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("group_buy.id"), nullable=True, index=True
    )
    carrier: Mapped[str] = mapped_column(String(50), default="")
    handed_over_by: Mapped[str] = mapped_column(String(200), default="")
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class OrderLine(Base):
    __tablename__ = "order_line"
    __table_args__ = (Index("ix_order_line_community_order", "community_id", "order_id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)  # the order's
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household_order.id"))
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("catalog_item.id"))
    item_name: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(20))
    unit_price_fen: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    line_total_fen: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)


class OrderShortage(Base):
    """A line the partner could not supply in full: substituted or missing, and the refund."""

    __tablename__ = "order_shortage"
    __table_args__ = (Index("ix_order_shortage_community_order", "community_id", "order_id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)  # the order's
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household_order.id"))
    line_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("order_line.id"))
    kind: Mapped[ShortageKind] = mapped_column(String(20))
    quantity: Mapped[int] = mapped_column(Integer)
    substitute_name: Mapped[str] = mapped_column(String(100), default="")
    refunded_fen: Mapped[int] = mapped_column(Integer)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class OrderTimelineEntry(Base):
    """One timestamped change of an order, as the resident's tracking timeline shows it."""

    __tablename__ = "order_timeline"
    __table_args__ = (
        Index("ix_order_timeline_community_order_at", "community_id", "order_id", "at"),
        # deliveries of a day (daily report, dashboard): the delivered statuses in a time range
        Index("ix_order_timeline_status_at", "status", "at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(UUID)  # the order's
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household_order.id"))
    kind: Mapped[TimelineKind] = mapped_column(String(20))
    status: Mapped[OrderStatus] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="")
    actor_role: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class PartnerOrderFeed(Base):
    """The last feed position handed out per partner. Raising it locks the row until commit, so
    positions become visible in order and a partner polling `after=<cursor>` never skips one."""

    __tablename__ = "partner_order_feed"

    community_id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True)  # the partner's
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partner.id"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
