"""The outbox and inbox tables, defined into the caller's own metadata.

Each service owns its database and its `Base.metadata`, so these are factories: a producer calls
`outbox_tables(Base.metadata)` once in its models, a consumer calls `inbox_table(Base.metadata)`;
Alembic then sees the tables like any other and the service's migration creates them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
)

from shouhu_common.database import UUID, UTCDateTime

# BIGINT on PostgreSQL; SQLite only auto-increments an `INTEGER PRIMARY KEY`.
SEQUENCE_TYPE = BigInteger().with_variant(Integer(), "sqlite")


@dataclass(frozen=True, slots=True)
class OutboxTables:
    """`outbox`: one row per event, in commit order (`seq`); `outbox_delivery`: which subscriber
    has acknowledged which event (the relay's progress, per subscriber)."""

    outbox: Table
    delivery: Table


def outbox_tables(metadata: MetaData) -> OutboxTables:
    outbox = Table(
        "outbox",
        metadata,
        Column("seq", SEQUENCE_TYPE, primary_key=True, autoincrement=True),
        Column("event_id", UUID, nullable=False, unique=True),
        Column("topic", String(100), nullable=False),
        Column("key", String(100), nullable=False),
        Column("payload", JSON, nullable=False),
        Column("occurred_at", UTCDateTime, nullable=False),
        Column("dispatched_at", UTCDateTime, nullable=True),
        Index("ix_outbox_pending", "dispatched_at", "seq"),
    )
    delivery = Table(
        "outbox_delivery",
        metadata,
        Column(
            "seq",
            SEQUENCE_TYPE,
            ForeignKey("outbox.seq", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("subscriber", String(50), primary_key=True),
        Column("delivered_at", UTCDateTime, nullable=False),
    )
    return OutboxTables(outbox, delivery)


def inbox_table(metadata: MetaData) -> Table:
    """One row per event a consumer has applied, written in the same transaction as the effect."""
    return Table(
        "inbox",
        metadata,
        Column("event_id", UUID, primary_key=True),
        Column("source", String(50), nullable=False),
        Column("topic", String(100), nullable=False),
        Column("received_at", UTCDateTime, nullable=False),
    )
