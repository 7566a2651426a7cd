"""passes, signing keys, pass state versions, gate rules, gates, gate logs, quota slots, visitors

Revision ID: 7c3d9e1f2a64
Revises: 5b1e7c2a9d40
Create Date: 2026-11-25 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "7c3d9e1f2a64"
down_revision: str | None = "5b1e7c2a9d40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gate",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_gate_community_id_community")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gate")),
        sa.UniqueConstraint("community_id", "name", name=op.f("uq_gate_community_id")),
    )
    with op.batch_alter_table("gate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gate_community_id"), ["community_id"], unique=False)

    op.create_table(
        "gate_quota_use",
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("window_index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("gate_log_client_id", sa.Uuid(), nullable=False),
        sa.Column("used_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_gate_quota_use_community_id_community"),
        ),
        sa.PrimaryKeyConstraint(
            "subject_id", "window_index", "seq", name=op.f("pk_gate_quota_use")
        ),
    )
    with op.batch_alter_table("gate_quota_use", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gate_quota_use_community_id"), ["community_id"], unique=False
        )

    op.create_table(
        "gate_rule",
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("fever_threshold", sa.Float(), nullable=False),
        sa.Column("mask_required", sa.Boolean(), nullable=False),
        sa.Column("quota_scope", sa.String(length=12), nullable=False),
        sa.Column("quota_exits", sa.Integer(), nullable=False),
        sa.Column("quota_period_days", sa.Integer(), nullable=False),
        sa.Column("curfew_start", sa.Time(), nullable=True),
        sa.Column("curfew_end", sa.Time(), nullable=True),
        sa.Column("refuse_quarantined", sa.Boolean(), nullable=False),
        sa.Column("updated_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_gate_rule_community_id_community")
        ),
        sa.PrimaryKeyConstraint("community_id", name=op.f("pk_gate_rule")),
    )
    op.create_table(
        "pass_signing_key",
        sa.Column("kid", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("private_key_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("retired_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("verify_until", shouhu_common.database.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_pass_signing_key_community_id_community"),
        ),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_pass_signing_key")),
    )
    with op.batch_alter_table("pass_signing_key", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pass_signing_key_community_id"), ["community_id"], unique=False
        )

    op.create_table(
        "pass_state_version",
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_pass_state_version_community_id_community"),
        ),
        sa.PrimaryKeyConstraint("community_id", name=op.f("pk_pass_state_version")),
    )
    op.create_table(
        "gate_assignment",
        sa.Column("gate_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["gate_id"], ["gate.id"], name=op.f("fk_gate_assignment_gate_id_gate")
        ),
        sa.PrimaryKeyConstraint("gate_id", "subject", name=op.f("pk_gate_assignment")),
    )
    op.create_table(
        "gate_log",
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
        sa.Column("occurred_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_gate_log_community_id_community")
        ),
        sa.ForeignKeyConstraint(["gate_id"], ["gate.id"], name=op.f("fk_gate_log_gate_id_gate")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gate_log")),
        sa.UniqueConstraint("client_id", name=op.f("uq_gate_log_client_id")),
    )
    with op.batch_alter_table("gate_log", schema=None) as batch_op:
        batch_op.create_index(
            "ix_gate_log_community_occurred", ["community_id", "occurred_at"], unique=False
        )
        batch_op.create_index(
            "ix_gate_log_household_occurred", ["household_id", "occurred_at"], unique=False
        )

    op.create_table(
        "gate_visitor",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("gate_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("phone_enc", sa.LargeBinary(), nullable=True),
        sa.Column("phone_hash", sa.String(length=64), nullable=True),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("visiting", sa.String(length=100), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("from_city", sa.String(length=50), nullable=False),
        sa.Column("transport", sa.String(length=50), nullable=False),
        sa.Column("arrival_date", sa.Date(), nullable=True),
        sa.Column("temperature", sa.Float(), nullable=False),
        sa.Column("fever", sa.Boolean(), nullable=False),
        sa.Column("logged_by", sa.String(length=100), nullable=False),
        sa.Column(
            "registered_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_gate_visitor_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["gate_id"], ["gate.id"], name=op.f("fk_gate_visitor_gate_id_gate")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_gate_visitor_household_id_household")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gate_visitor")),
        sa.UniqueConstraint("client_id", name=op.f("uq_gate_visitor_client_id")),
    )
    with op.batch_alter_table("gate_visitor", schema=None) as batch_op:
        batch_op.create_index(
            "ix_gate_visitor_community_registered", ["community_id", "registered_at"], unique=False
        )

    op.create_table(
        "access_pass",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("number", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("valid_from", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("valid_until", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kid", sa.Integer(), nullable=False),
        sa.Column("pass_version", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=200), nullable=False),
        sa.Column("state_version", sa.Integer(), nullable=False),
        sa.Column("replaced_by_id", sa.Uuid(), nullable=True),
        sa.Column("issued_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_access_pass_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_access_pass_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["kid"], ["pass_signing_key.kid"], name=op.f("fk_access_pass_kid_pass_signing_key")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_access_pass_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_pass")),
        sa.UniqueConstraint("number", name=op.f("uq_access_pass_number")),
    )
    with op.batch_alter_table("access_pass", schema=None) as batch_op:
        batch_op.create_index(
            "ix_access_pass_community_state_version",
            ["community_id", "state_version"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_access_pass_household_id"), ["household_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("access_pass", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_pass_household_id"))
        batch_op.drop_index("ix_access_pass_community_state_version")

    op.drop_table("access_pass")
    with op.batch_alter_table("gate_visitor", schema=None) as batch_op:
        batch_op.drop_index("ix_gate_visitor_community_registered")

    op.drop_table("gate_visitor")
    with op.batch_alter_table("gate_log", schema=None) as batch_op:
        batch_op.drop_index("ix_gate_log_household_occurred")
        batch_op.drop_index("ix_gate_log_community_occurred")

    op.drop_table("gate_log")
    op.drop_table("gate_assignment")
    op.drop_table("pass_state_version")
    with op.batch_alter_table("pass_signing_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pass_signing_key_community_id"))

    op.drop_table("pass_signing_key")
    op.drop_table("gate_rule")
    with op.batch_alter_table("gate_quota_use", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gate_quota_use_community_id"))

    op.drop_table("gate_quota_use")
    with op.batch_alter_table("gate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gate_community_id"))

    op.drop_table("gate")
