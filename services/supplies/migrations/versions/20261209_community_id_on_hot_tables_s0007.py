"""community_id on every hot table reached only through a parent, filled from that parent

Revision ID: s0007_community_id
Revises: s0006_webhook_secret_rotation
Create Date: 2026-12-09 09:00:00.000000

Ready to shard by community: each row names its community itself, so a query of one community
needs no other table, and the keys and indexes those queries use lead with community_id. The
backfill copies the parent's community (one UPDATE per table, the same SQL on SQLite and
PostgreSQL); it rewrites these tables, so on a large database it takes a while.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0007_community_id"
down_revision: str | None = "s0006_webhook_secret_rotation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, its parent, the column naming the parent), parents filled before their children
FILLED_FROM = (
    ("order_line", "household_order", "order_id"),
    ("order_shortage", "household_order", "order_id"),
    ("order_timeline", "household_order", "order_id"),
    ("partner_order_feed", "partner", "partner_id"),
    ("round_partner_load", "delivery_round", "round_id"),
    ("webhook", "partner", "partner_id"),
    ("webhook_delivery", "webhook", "webhook_id"),
    ("stock_movement", "stock_item", "stock_item_id"),
    ("distribution_share", "distribution", "distribution_id"),
    ("distribution_receipt", "distribution", "distribution_id"),
)

# Each index, key and unique constraint these tables are read by gains community_id in front:
# table: (the old one's name, the new one's name, the columns after community_id)
INDEXES = {
    "order_line": ("ix_order_line_order_id", "ix_order_line_community_order", ["order_id"]),
    "order_shortage": (
        "ix_order_shortage_order_id",
        "ix_order_shortage_community_order",
        ["order_id"],
    ),
    "order_timeline": (
        "ix_order_timeline_order_at",
        "ix_order_timeline_community_order_at",
        ["order_id", "at"],
    ),
    "webhook": ("ix_webhook_partner_id", "ix_webhook_community_partner", ["partner_id"]),
    "webhook_delivery": (
        "ix_webhook_delivery_webhook_created",
        "ix_webhook_delivery_community_webhook_created",
        ["webhook_id", "created_at"],
    ),
    "stock_movement": (
        "ix_stock_movement_item_at",
        "ix_stock_movement_community_item_at",
        ["stock_item_id", "recorded_at"],
    ),
}
PRIMARY_KEYS = {
    "partner_order_feed": ["partner_id"],
    "round_partner_load": ["round_id", "partner_id"],
    "distribution_share": ["distribution_id", "stock_item_id"],
}
UNIQUE = {
    "distribution_receipt": (
        "uq_distribution_receipt_distribution_id",
        "uq_distribution_receipt_community_id",
        ["distribution_id", "household_id"],
    ),
}


def upgrade() -> None:
    for table, parent, column in FILLED_FROM:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("community_id", sa.Uuid(), nullable=True))
        op.execute(
            f"UPDATE {table} SET community_id = "
            f"(SELECT {parent}.community_id FROM {parent} WHERE {parent}.id = {table}.{column})"
        )
    for table, _, _ in FILLED_FROM:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("community_id", existing_type=sa.Uuid(), nullable=False)
            if table in INDEXES:
                old, new, columns = INDEXES[table]
                batch_op.drop_index(old)
                batch_op.create_index(new, ["community_id", *columns], unique=False)
            if table in PRIMARY_KEYS:
                batch_op.drop_constraint(f"pk_{table}", type_="primary")
                batch_op.create_primary_key(f"pk_{table}", ["community_id", *PRIMARY_KEYS[table]])
            if table in UNIQUE:
                old, new, columns = UNIQUE[table]
                batch_op.drop_constraint(old, type_="unique")
                batch_op.create_unique_constraint(new, ["community_id", *columns])


def downgrade() -> None:
    for table, _, _ in reversed(FILLED_FROM):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table in UNIQUE:
                old, new, columns = UNIQUE[table]
                batch_op.drop_constraint(new, type_="unique")
                batch_op.create_unique_constraint(old, columns)
            if table in PRIMARY_KEYS:
                batch_op.drop_constraint(f"pk_{table}", type_="primary")
                batch_op.create_primary_key(f"pk_{table}", PRIMARY_KEYS[table])
            if table in INDEXES:
                old, new, columns = INDEXES[table]
                batch_op.drop_index(new)
                batch_op.create_index(old, columns, unique=False)
            batch_op.drop_column("community_id")
