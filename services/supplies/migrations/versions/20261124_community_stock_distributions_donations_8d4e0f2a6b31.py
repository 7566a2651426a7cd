"""community stock, distributions, allocations, donations

Revision ID: 8d4e0f2a6b31
Revises: 7c3d9e1f5a20
Create Date: 2026-11-24 04:20:05.150384
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "8d4e0f2a6b31"
down_revision: str | None = "7c3d9e1f5a20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "distribution",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distribution")),
    )
    with op.batch_alter_table("distribution", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_distribution_community_id"), ["community_id"], unique=False
        )
    op.create_table(
        "stock_item",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("scarce", sa.Boolean(), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_item")),
        sa.UniqueConstraint("community_id", "name", name=op.f("uq_stock_item_community_id")),
    )
    op.create_table(
        "allocation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("stock_item_id", sa.Uuid(), nullable=False),
        sa.Column("quantity_each", sa.Integer(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["stock_item_id"],
            ["stock_item.id"],
            name=op.f("fk_allocation_stock_item_id_stock_item"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation")),
    )
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_allocation_community_id"), ["community_id"], unique=False
        )
    op.create_table(
        "distribution_receipt",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("distribution_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("received_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["distribution_id"],
            ["distribution.id"],
            name=op.f("fk_distribution_receipt_distribution_id_distribution"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distribution_receipt")),
        sa.UniqueConstraint(
            "distribution_id", "household_id", name=op.f("uq_distribution_receipt_distribution_id")
        ),
    )
    op.create_table(
        "distribution_share",
        sa.Column("distribution_id", sa.Uuid(), nullable=False),
        sa.Column("stock_item_id", sa.Uuid(), nullable=False),
        sa.Column("quantity_per_household", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["distribution_id"],
            ["distribution.id"],
            name=op.f("fk_distribution_share_distribution_id_distribution"),
        ),
        sa.ForeignKeyConstraint(
            ["stock_item_id"],
            ["stock_item.id"],
            name=op.f("fk_distribution_share_stock_item_id_stock_item"),
        ),
        sa.PrimaryKeyConstraint(
            "distribution_id", "stock_item_id", name=op.f("pk_distribution_share")
        ),
    )
    op.create_table(
        "donation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("donor_name", sa.String(length=100), nullable=True),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("stock_item_id", sa.Uuid(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("received_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["stock_item_id"], ["stock_item.id"], name=op.f("fk_donation_stock_item_id_stock_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_donation")),
    )
    with op.batch_alter_table("donation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_donation_community_id"), ["community_id"], unique=False
        )
    op.create_table(
        "stock_movement",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("stock_item_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("source_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["stock_item_id"],
            ["stock_item.id"],
            name=op.f("fk_stock_movement_stock_item_id_stock_item"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movement")),
    )
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stock_movement_item_at", ["stock_item_id", "recorded_at"], unique=False
        )
    op.create_table(
        "allocation_grant",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("allocation_id", sa.Uuid(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("rule_label", sa.String(length=100), nullable=False),
        sa.Column("recipient", sa.String(length=100), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["allocation_id"],
            ["allocation.id"],
            name=op.f("fk_allocation_grant_allocation_id_allocation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation_grant")),
    )
    with op.batch_alter_table("allocation_grant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_allocation_grant_allocation_id"), ["allocation_id"], unique=False
        )
    op.create_table(
        "donation_use",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("donation_id", sa.Uuid(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("used_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["donation_id"], ["donation.id"], name=op.f("fk_donation_use_donation_id_donation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_donation_use")),
    )
    with op.batch_alter_table("donation_use", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_donation_use_donation_id"), ["donation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("donation_use", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_donation_use_donation_id"))
    op.drop_table("donation_use")
    with op.batch_alter_table("allocation_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocation_grant_allocation_id"))
    op.drop_table("allocation_grant")
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_movement_item_at")
    op.drop_table("stock_movement")
    with op.batch_alter_table("donation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_donation_community_id"))
    op.drop_table("donation")
    op.drop_table("distribution_share")
    op.drop_table("distribution_receipt")
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocation_community_id"))
    op.drop_table("allocation")
    op.drop_table("stock_item")
    with op.batch_alter_table("distribution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_distribution_community_id"))
    op.drop_table("distribution")
