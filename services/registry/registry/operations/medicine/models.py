"""Medicine on behalf 代配药: a resident's request for a refill of their regular medicine, the run
that a roster worker takes to one hospital with a batch of prescription requests, and the custody
log 保管记录 of the medical-insurance cards 医保卡 and record books 病历本 handed over for it."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class MedicineKind(StrEnum):
    otc = "otc"  # 非处方药: a pharmacy order through supplies
    prescription = "prescription"  # 处方药: fetched at the hospital on a run


class RequestStatus(StrEnum):
    requested = "requested"  # 待处理
    ordered = "ordered"  # 已下单 (over the counter: a pharmacy order)
    in_run = "in_run"  # 已排入代配药批次
    collected = "collected"  # 已配到
    partly = "partly"  # 部分配到
    not_available = "not_available"  # 无药
    cancelled = "cancelled"  # 已取消


class Repayment(StrEnum):
    pending = "pending"  # 待还款
    paid_back = "paid_back"  # 已还款
    waived = "waived"  # 免除


class RunStatus(StrEnum):
    planned = "planned"  # 计划中
    out = "out"  # 已出发
    back = "back"  # 已返回
    closed = "closed"  # 已结清


class CustodyItem(StrEnum):
    insurance_card = "insurance_card"  # 医保卡
    record_book = "record_book"  # 病历本


class MedicineRequest(Base):
    __tablename__ = "medicine_request"
    __table_args__ = (
        UniqueConstraint("community_id", "client_id"),
        Index("ix_medicine_request_community_status", "community_id", "status"),
        Index("ix_medicine_request_community_run", "community_id", "run_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    building_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("building.id"))
    floor: Mapped[int] = mapped_column(Integer)
    medicine_name: Mapped[str] = mapped_column(String(100))
    dose: Mapped[str] = mapped_column(String(100), default="")
    quantity: Mapped[str] = mapped_column(String(50), default="")
    hospital: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[MedicineKind] = mapped_column(String(12))
    needs_prescription: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_record_book: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_insurance_card: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[RequestStatus] = mapped_column(String(14), default=RequestStatus.requested)
    order_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)  # a supplies order
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medicine_run.id"), nullable=True)
    amount_paid_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    receipt_number: Mapped[str] = mapped_column(String(50), default="")
    repayment: Mapped[Repayment] = mapped_column(String(10), default=Repayment.pending)
    note: Mapped[str] = mapped_column(String(200), default="")
    requested_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class MedicineRun(Base):
    __tablename__ = "medicine_run"
    __table_args__ = (
        UniqueConstraint("community_id", "client_id"),
        Index("ix_medicine_run_community_date", "community_id", "run_date"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    worker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("worker.id"))
    hospital: Mapped[str] = mapped_column(String(100))
    run_date: Mapped[date] = mapped_column(Date)
    status: Mapped[RunStatus] = mapped_column(String(8), default=RunStatus.planned)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    out_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    back_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class CustodyHandover(Base):
    """One hand-over of a person's card or book. `to_worker_id` None: back to its owner.
    The latest hand-over of each (person, item) is `current`; `seq` numbers them, and its unique
    key lets only one of two concurrent hand-overs of the same card through."""

    __tablename__ = "custody_handover"
    __table_args__ = (
        UniqueConstraint("community_id", "client_id"),
        # column order gives each constraint its own conventional name
        UniqueConstraint("person_id", "item", "seq", "community_id"),
        Index("ix_custody_handover_community_holder", "community_id", "to_worker_id", "current"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"))
    building_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("building.id"))
    floor: Mapped[int] = mapped_column(Integer)
    item: Mapped[CustodyItem] = mapped_column(String(16))
    seq: Mapped[int] = mapped_column(Integer)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    from_worker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("worker.id"), nullable=True)
    to_worker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("worker.id"), nullable=True)
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("medicine_run.id"), nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    handed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    recorded_by: Mapped[str] = mapped_column(String(100))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    confirmed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
