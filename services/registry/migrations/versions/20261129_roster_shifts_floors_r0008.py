"""roster of workers, shift templates, shifts and who is on them; floors in grid assignments

Revision ID: r0008_roster_shifts_floors
Revises: r0007_health_purge_gate_links
Create Date: 2026-11-29 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "r0008_roster_shifts_floors"
down_revision: str | None = "r0007_health_purge_gate_links"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "worker",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("phone_enc", sa.LargeBinary(), nullable=True),
        sa.Column("phone_hash", sa.String(length=64), nullable=True),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("availability", sa.JSON(), nullable=False),
        sa.Column("availability_note", sa.String(length=200), nullable=False),
        sa.Column("account_username", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_worker_community_id_community")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker")),
        sa.UniqueConstraint(
            "account_username", "community_id", name=op.f("uq_worker_account_username")
        ),
        sa.UniqueConstraint("client_id", name=op.f("uq_worker_client_id")),
        sa.UniqueConstraint("phone_hash", "community_id", name=op.f("uq_worker_phone_hash")),
    )
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_worker_community_id"), ["community_id"], unique=False)

    op.create_table(
        "shift_template",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("gate_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("min_workers", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_shift_template_community_id_community"),
        ),
        sa.ForeignKeyConstraint(
            ["gate_id"], ["gate.id"], name=op.f("fk_shift_template_gate_id_gate")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_template")),
    )
    with op.batch_alter_table("shift_template", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shift_template_community_id"), ["community_id"], unique=False
        )

    op.create_table(
        "shift",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("gate_id", sa.Uuid(), nullable=False),
        sa.Column("template_id", sa.Uuid(), nullable=True),
        sa.Column("starts_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("min_workers", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_shift_community_id_community")
        ),
        sa.ForeignKeyConstraint(["gate_id"], ["gate.id"], name=op.f("fk_shift_gate_id_gate")),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["shift_template.id"],
            name=op.f("fk_shift_template_id_shift_template"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift")),
        sa.UniqueConstraint("client_id", name=op.f("uq_shift_client_id")),
        sa.UniqueConstraint("gate_id", "starts_at", "ends_at", name=op.f("uq_shift_gate_id")),
    )
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.create_index(
            "ix_shift_community_starts", ["community_id", "starts_at"], unique=False
        )

    op.create_table(
        "shift_assignment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("assigned_by", sa.String(length=100), nullable=False),
        sa.Column("assigned_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "checked_in_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("checked_in_by", sa.String(length=100), nullable=True),
        sa.Column(
            "checked_out_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("checked_out_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shift.id"], name=op.f("fk_shift_assignment_shift_id_shift")
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["worker.id"], name=op.f("fk_shift_assignment_worker_id_worker")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_assignment")),
        sa.UniqueConstraint("client_id", name=op.f("uq_shift_assignment_client_id")),
        sa.UniqueConstraint("shift_id", "worker_id", name=op.f("uq_shift_assignment_shift_id")),
    )
    with op.batch_alter_table("shift_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shift_assignment_worker_id"), ["worker_id"], unique=False
        )

    with op.batch_alter_table("grid_assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("floor_from", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("floor_to", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("grid_assignment", schema=None) as batch_op:
        batch_op.drop_column("floor_to")
        batch_op.drop_column("floor_from")

    with op.batch_alter_table("shift_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_assignment_worker_id"))

    op.drop_table("shift_assignment")
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.drop_index("ix_shift_community_starts")

    op.drop_table("shift")
    with op.batch_alter_table("shift_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_template_community_id"))

    op.drop_table("shift_template")
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_worker_community_id"))

    op.drop_table("worker")
