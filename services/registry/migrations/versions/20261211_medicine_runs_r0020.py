"""medicine on behalf 代配药: requests, runs and the custody log of cards and books

Revision ID: r0020_medicine_runs
Revises: r0018_care_list
Create Date: 2026-12-11 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "r0020_medicine_runs"
down_revision: str | None = "r0019_status_safeguards"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "medicine_run",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("hospital", sa.String(length=100), nullable=False),
        sa.Column("run_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("out_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("back_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_medicine_run_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["worker.id"], name=op.f("fk_medicine_run_worker_id_worker")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medicine_run")),
        sa.UniqueConstraint("community_id", "client_id", name=op.f("uq_medicine_run_community_id")),
    )
    with op.batch_alter_table("medicine_run", schema=None) as batch_op:
        batch_op.create_index(
            "ix_medicine_run_community_date", ["community_id", "run_date"], unique=False
        )

    op.create_table(
        "custody_handover",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=False),
        sa.Column("floor", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("from_worker_id", sa.Uuid(), nullable=True),
        sa.Column("to_worker_id", sa.Uuid(), nullable=True),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("handed_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("confirmed_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["building_id"], ["building.id"], name=op.f("fk_custody_handover_building_id_building")
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_custody_handover_community_id_community"),
        ),
        sa.ForeignKeyConstraint(
            ["from_worker_id"],
            ["worker.id"],
            name=op.f("fk_custody_handover_from_worker_id_worker"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_custody_handover_household_id_household"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_custody_handover_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["medicine_run.id"], name=op.f("fk_custody_handover_run_id_medicine_run")
        ),
        sa.ForeignKeyConstraint(
            ["to_worker_id"], ["worker.id"], name=op.f("fk_custody_handover_to_worker_id_worker")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custody_handover")),
        sa.UniqueConstraint(
            "community_id", "client_id", name=op.f("uq_custody_handover_community_id")
        ),
        sa.UniqueConstraint(
            "person_id", "item", "seq", "community_id", name=op.f("uq_custody_handover_person_id")
        ),
    )
    with op.batch_alter_table("custody_handover", schema=None) as batch_op:
        batch_op.create_index(
            "ix_custody_handover_community_holder",
            ["community_id", "to_worker_id", "current"],
            unique=False,
        )

    op.create_table(
        "medicine_request",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=False),
        sa.Column("floor", sa.Integer(), nullable=False),
        sa.Column("medicine_name", sa.String(length=100), nullable=False),
        sa.Column("dose", sa.String(length=100), nullable=False),
        sa.Column("quantity", sa.String(length=50), nullable=False),
        sa.Column("hospital", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("needs_prescription", sa.Boolean(), nullable=False),
        sa.Column("needs_record_book", sa.Boolean(), nullable=False),
        sa.Column("needs_insurance_card", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=14), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("amount_paid_fen", sa.Integer(), nullable=True),
        sa.Column("receipt_number", sa.String(length=50), nullable=False),
        sa.Column("repayment", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"], ["building.id"], name=op.f("fk_medicine_request_building_id_building")
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_medicine_request_community_id_community"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_medicine_request_household_id_household"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_medicine_request_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["medicine_run.id"], name=op.f("fk_medicine_request_run_id_medicine_run")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medicine_request")),
        sa.UniqueConstraint(
            "community_id", "client_id", name=op.f("uq_medicine_request_community_id")
        ),
    )
    with op.batch_alter_table("medicine_request", schema=None) as batch_op:
        batch_op.create_index(
            "ix_medicine_request_community_run", ["community_id", "run_id"], unique=False
        )
        batch_op.create_index(
            "ix_medicine_request_community_status", ["community_id", "status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("medicine_request", schema=None) as batch_op:
        batch_op.drop_index("ix_medicine_request_community_status")
        batch_op.drop_index("ix_medicine_request_community_run")

    op.drop_table("medicine_request")
    with op.batch_alter_table("custody_handover", schema=None) as batch_op:
        batch_op.drop_index("ix_custody_handover_community_holder")

    op.drop_table("custody_handover")
    with op.batch_alter_table("medicine_run", schema=None) as batch_op:
        batch_op.drop_index("ix_medicine_run_community_date")

    op.drop_table("medicine_run")
