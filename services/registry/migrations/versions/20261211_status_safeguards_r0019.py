"""status safeguards: reason codes on quarantines and passes, appeals, second approval of bulk
changes

Revision ID: r0019_status_safeguards
Revises: r0018_care_list
Create Date: 2026-12-11 09:00:00.000000

Quarantines, their end-date changes, their releases, passes and audit events keep the reason code
of a status change (empty on rows older than the codes).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "r0019_status_safeguards"
down_revision: str | None = "r0018_care_list"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CODE_COLUMNS = {
    "quarantine": ("reason_code", "release_reason_code"),
    "quarantine_change": ("reason_code",),
    "access_pass": ("reason_code",),
    "audit_event": ("reason_code",),
}


def upgrade() -> None:
    for table, columns in CODE_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.add_column(
                    sa.Column(column, sa.String(length=30), nullable=False, server_default="")
                )
            if table == "quarantine":
                batch_op.add_column(
                    sa.Column("reason", sa.String(length=200), nullable=False, server_default="")
                )
    with op.batch_alter_table("quarantine_rule", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bulk_change_threshold", sa.Integer(), nullable=True))
    _create_appeal()
    _create_bulk_approval()


def _create_bulk_approval() -> None:
    op.create_table(
        "bulk_approval",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=True),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("reason_code", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("requested_role", sa.String(length=20), nullable=False),
        sa.Column("requested_by_name", sa.String(length=100), nullable=False),
        sa.Column(
            "requested_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.String(length=200), nullable=False),
        sa.Column("result_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_bulk_approval_community_id_community"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_bulk_approval_household_id_household"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulk_approval")),
    )
    with op.batch_alter_table("bulk_approval", schema=None) as batch_op:
        batch_op.create_index(
            "ix_bulk_approval_community_status",
            ["community_id", "status", "requested_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_bulk_approval_requester_at", ["requested_by", "requested_at"], unique=False
        )


def _create_appeal() -> None:
    op.create_table(
        "appeal",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=False),
        sa.Column("floor", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=12), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("phone_enc", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("answer_note", sa.String(length=500), nullable=False),
        sa.Column("answered_by", sa.String(length=100), nullable=True),
        sa.Column("answered_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("submitted_by", sa.String(length=100), nullable=False),
        sa.Column(
            "submitted_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["building_id"], ["building.id"], name=op.f("fk_appeal_building_id_building")
        ),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_appeal_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_appeal_household_id_household")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeal")),
        sa.UniqueConstraint("client_id", name=op.f("uq_appeal_client_id")),
    )
    with op.batch_alter_table("appeal", schema=None) as batch_op:
        batch_op.create_index(
            "ix_appeal_community_status",
            ["community_id", "status", "submitted_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_appeal_community_record", ["community_id", "record_id"], unique=False
        )
        batch_op.create_index(op.f("ix_appeal_household_id"), ["household_id"], unique=False)


def downgrade() -> None:
    op.drop_table("bulk_approval")
    op.drop_table("appeal")
    with op.batch_alter_table("quarantine_rule", schema=None) as batch_op:
        batch_op.drop_column("bulk_change_threshold")
    for table, columns in CODE_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "quarantine":
                batch_op.drop_column("reason")
            for column in reversed(columns):
                batch_op.drop_column(column)
