"""Checkpoints 卡口, who may stand at them, gate logs 出入登记 (exactly once per client id, by
their receipts), the outing-quota slots they consume, and visitors, couriers and returnees
registered at the gate."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class Direction(StrEnum):
    out = "out"
    in_ = "in"


class Verdict(StrEnum):
    allow = "allow"
    deny = "deny"


class VisitorKind(StrEnum):
    visitor = "visitor"
    courier = "courier"
    returnee = "returnee"


class Gate(Base):
    __tablename__ = "gate"
    __table_args__ = (UniqueConstraint("community_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class GateAssignment(Base):
    """A gate volunteer (by the gateway's subject, e.g. `user:<uuid>`) posted at a gate."""

    __tablename__ = "gate_assignment"

    gate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gate.id"), primary_key=True)
    subject: Mapped[str] = mapped_column(String(100), primary_key=True)
    # Their account's username, taken from their own signed identity when they open the gate
    # (the office posts subjects): a log uploaded by another volunteer names them by it.
    username: Mapped[str | None] = mapped_column(String(64), nullable=True)


class GateLog(Base):
    """On PostgreSQL partitioned by day of `occurred_at` (partitions.py), hence the primary key
    with the partition key in it and no unique client id: a log's receipt makes it unique, and
    leads to it by community and time (the covering index), so no index of client ids is kept."""

    __tablename__ = "gate_log"
    __table_args__ = (
        # covering the day's figures (daily report, dashboard): counted from the index alone
        Index(
            "ix_gate_log_community_occurred_verdict",
            "community_id",
            "occurred_at",
            "verdict",
            "direction",
            "reason",
            "fever",
        ),
        Index("ix_gate_log_household_occurred", "household_id", "occurred_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    gate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gate.id"))
    pass_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)
    household_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)
    direction: Mapped[Direction] = mapped_column(String(3))
    temperature: Mapped[float | None] = mapped_column(Float, nullable=True)
    mask: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    verdict: Mapped[Verdict] = mapped_column(String(5))
    reason: Mapped[str | None] = mapped_column(String(20), nullable=True)
    fever: Mapped[bool] = mapped_column(Boolean, default=False)
    # Offline logs keep the verdict the phone showed; `flagged` marks those the server would have
    # denied (re-checked on upload), with the server's reason.
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    server_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)
    logged_by: Mapped[str] = mapped_column(String(100))
    # Shift change: an offline log uploaded by another volunteer names who logged it. A volunteer
    # posted at the gate becomes `logged_by`; any other name leaves the uploader there, flagged.
    recorded_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    recorder_unverified: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GateLogReceipt(Base):
    """One row per client id ever stored, written in the transaction of its log: inserting it
    (`ON CONFLICT DO NOTHING`) is what tells a new log from a retry, on whatever day the retry
    arrives and whatever time it carries (online, the server's; offline, the phone's). It holds the
    stored log's `occurred_at`, so a retry finds the log in its own partition, and it is pruned with
    the logs by the gate-log retention (retention.py)."""

    __tablename__ = "gate_log_receipt"
    __table_args__ = (Index("ix_gate_log_receipt_occurred", "occurred_at"),)

    # The key leads with the community, as every hot table's does: a shard holds its receipts.
    community_id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GateQuotaUse(Base):
    """One outing-quota slot taken: the key makes a second exit in the same window fail on any
    replica, whatever its cache believed."""

    __tablename__ = "gate_quota_use"

    subject_id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True)
    window_index: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    gate_log_client_id: Mapped[uuid.UUID] = mapped_column(UUID)
    used_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GateQuotaVersion(Base):
    """Bumped in the transaction that takes a community's quota slots, whichever replica took
    them: replicas poll it beside the pass state version, so that the offline bundle's ETag
    (bundle.py) changes when an exit is counted anywhere. Its own row, not a column of
    `pass_state_version`: gate log batches would otherwise wait on pass changes' row lock."""

    __tablename__ = "gate_quota_version"

    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class GateVisitor(Base):
    __tablename__ = "gate_visitor"
    __table_args__ = (
        Index("ix_gate_visitor_community_registered", "community_id", "registered_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID, unique=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    gate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gate.id"))
    kind: Mapped[VisitorKind] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(50))
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    phone_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    purpose: Mapped[str] = mapped_column(String(200), default="")
    visiting: Mapped[str] = mapped_column(String(100), default="")
    household_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("household.id"), nullable=True
    )
    from_city: Mapped[str] = mapped_column(String(50), default="")
    transport: Mapped[str] = mapped_column(String(50), default="")
    arrival_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    temperature: Mapped[float] = mapped_column(Float)
    fever: Mapped[bool] = mapped_column(Boolean, default=False)
    # a returning resident's record in the returnee list, made with this registration
    returnee_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("returnee.id"), unique=True, nullable=True
    )
    logged_by: Mapped[str] = mapped_column(String(100))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
