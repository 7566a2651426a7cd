"""gate logs deduplicated by a receipt per client id; on PostgreSQL gate_log partitioned by day

A partitioned table's unique keys must hold its partition key (`occurred_at`), and a retried log
may carry another `occurred_at` than its original (online, the server's clock; queued offline,
the phone's), so `gate_log.client_id` stops being unique and `gate_log_receipt` takes over the
dedupe, on both databases (a retry finds its log by community and time, so the client id keeps
no index of its own). The primary key becomes (id, occurred_at), and the referral's foreign key
to `gate_log.id` goes: nothing unique is left for it to point at.

PostgreSQL: the existing table is renamed, the partitioned one made with a DEFAULT partition and
one partition a day (China's days) from the first day with logs (at most `BACKFILL_DAYS` back:
older logs go to the DEFAULT one) to `AHEAD_DAYS` ahead, the rows copied and the old table
dropped, then the indexes and foreign keys built: all in the upgrade's one transaction.

Revision ID: r0015_gate_log_partitions
Revises: r0014_community_id
Create Date: 2026-12-09 09:00:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "r0015_gate_log_partitions"
down_revision: str | None = "r0014_community_id"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ZONE = ZoneInfo("Asia/Shanghai")
SCHEMA = "gate_log_days"
BACKFILL_DAYS = 92
AHEAD_DAYS = 7
COVERING = ["community_id", "occurred_at", "verdict", "direction", "reason", "fever"]
COLUMNS = (
    "id, client_id, community_id, gate_id, pass_id, household_id, direction, temperature, mask, "
    "note, verdict, reason, fever, offline, flagged, server_reason, logged_by, occurred_at, "
    "received_at, recorded_by, recorder_unverified, uploaded_by"
)


def _columns() -> list[sa.Column]:
    when = shouhu_common.database.UTCDateTime(timezone=True)
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("gate_id", sa.Uuid(), nullable=False),
        sa.Column("pass_id", sa.Uuid(), nullable=True),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("temperature", sa.Float(), nullable=True),
        sa.Column("mask", sa.Boolean(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("verdict", sa.String(length=5), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=True),
        sa.Column("fever", sa.Boolean(), nullable=False),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("server_reason", sa.String(length=20), nullable=True),
        sa.Column("logged_by", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", when, nullable=False),
        sa.Column("received_at", when, nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=True),
        sa.Column("recorder_unverified", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("uploaded_by", sa.String(length=100), nullable=True),
    ]


def _foreign_keys() -> None:
    op.create_foreign_key(
        "fk_gate_log_community_id_community", "gate_log", "community", ["community_id"], ["id"]
    )
    op.create_foreign_key("fk_gate_log_gate_id_gate", "gate_log", "gate", ["gate_id"], ["id"])


def _indexes() -> None:
    op.create_index("ix_gate_log_community_occurred_verdict", "gate_log", COVERING)
    op.create_index("ix_gate_log_household_occurred", "gate_log", ["household_id", "occurred_at"])


def _drop_indexes(table: str) -> None:
    op.drop_index("ix_gate_log_community_occurred_verdict", table_name=table)
    op.drop_index("ix_gate_log_household_occurred", table_name=table)


def _start(day: date) -> str:
    return datetime.combine(day, time(0), ZONE).isoformat()


def _partitions(first: date | None) -> None:
    today = datetime.now(UTC).astimezone(ZONE).date()
    earliest = today - timedelta(days=BACKFILL_DAYS)
    day = min(max(first or today, earliest), today)
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    op.execute(f"CREATE TABLE {SCHEMA}.other PARTITION OF gate_log DEFAULT")
    while day <= today + timedelta(days=AHEAD_DAYS):
        after = day + timedelta(days=1)
        op.execute(
            f"CREATE TABLE {SCHEMA}.d{day:%Y%m%d} PARTITION OF gate_log "
            f"FOR VALUES FROM ('{_start(day)}') TO ('{_start(after)}')"
        )
        day = after


def _receipts() -> None:
    op.create_table(
        "gate_log_receipt",
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("community_id", "client_id", name=op.f("pk_gate_log_receipt")),
    )
    op.execute(
        "INSERT INTO gate_log_receipt (community_id, client_id, occurred_at) "
        "SELECT community_id, client_id, occurred_at FROM gate_log"
    )
    op.create_index("ix_gate_log_receipt_occurred", "gate_log_receipt", ["occurred_at"])


def upgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_constraint("fk_referral_gate_log_id_gate_log", type_="foreignkey")
    _receipts()
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
        return
    with op.batch_alter_table("gate_log", schema=None) as batch_op:
        batch_op.drop_constraint("uq_gate_log_client_id", type_="unique")
        batch_op.drop_constraint("pk_gate_log", type_="primary")
        batch_op.create_primary_key("pk_gate_log", ["id", "occurred_at"])


def _upgrade_postgresql() -> None:
    op.rename_table("gate_log", "gate_log_unpartitioned")
    old = "gate_log_unpartitioned"
    op.drop_constraint("pk_gate_log", old, type_="primary")
    op.drop_constraint("uq_gate_log_client_id", old, type_="unique")
    _drop_indexes(old)
    op.create_table(
        "gate_log",
        *_columns(),
        sa.PrimaryKeyConstraint("id", "occurred_at", name="pk_gate_log"),
        postgresql_partition_by="RANGE (occurred_at)",
    )
    first = op.get_bind().execute(sa.text(f"SELECT min(occurred_at) FROM {old}")).scalar()
    _partitions(first.astimezone(ZONE).date() if first is not None else None)
    op.execute(f"INSERT INTO gate_log ({COLUMNS}) SELECT {COLUMNS} FROM {old}")
    op.drop_table(old)
    _indexes()
    _foreign_keys()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _downgrade_postgresql()
    else:
        # a retry of a log older than the retention may have been stored again: keep the first
        op.execute(
            "DELETE FROM gate_log WHERE rowid NOT IN "
            "(SELECT min(rowid) FROM gate_log GROUP BY client_id)"
        )
        with op.batch_alter_table("gate_log", schema=None) as batch_op:
            batch_op.drop_constraint("pk_gate_log", type_="primary")
            batch_op.create_primary_key("pk_gate_log", ["id"])
            batch_op.create_unique_constraint("uq_gate_log_client_id", ["client_id"])
    op.drop_table("gate_log_receipt")
    # the old foreign key cannot hold the id of a passage the retention removed
    op.execute(
        "UPDATE referral SET gate_log_id = NULL WHERE gate_log_id IS NOT NULL "
        "AND gate_log_id NOT IN (SELECT id FROM gate_log)"
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_referral_gate_log_id_gate_log", "gate_log", ["gate_log_id"], ["id"]
        )


def _downgrade_postgresql() -> None:
    op.rename_table("gate_log", "gate_log_partitioned")
    old = "gate_log_partitioned"
    op.drop_constraint("pk_gate_log", old, type_="primary")
    _drop_indexes(old)
    op.create_table(
        "gate_log",
        *_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_gate_log"),
        sa.UniqueConstraint("client_id", name="uq_gate_log_client_id"),
    )
    op.execute(
        f"INSERT INTO gate_log ({COLUMNS}) SELECT DISTINCT ON (client_id) {COLUMNS} FROM {old} "
        "ORDER BY client_id, received_at, id"
    )
    op.drop_table(old)
    op.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
    _indexes()
    _foreign_keys()
