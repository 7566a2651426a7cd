"""catalog, delivery rounds, orders, door deliveries, group-buys, webhooks, inbox

Revision ID: 7c3d9e1f5a20
Revises: 4e4f49b00f22
Create Date: 2026-11-24 04:20:05.150384
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "7c3d9e1f5a20"
down_revision: str | None = "4e4f49b00f22"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "delivery_round",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("delivery_date", sa.Date(), nullable=False),
        sa.Column("local_time", sa.String(length=5), nullable=False),
        sa.Column("delivers_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cutoff_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("capacity_per_partner", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_round")),
        sa.UniqueConstraint(
            "community_id", "delivers_at", name=op.f("uq_delivery_round_community_id")
        ),
    )
    op.create_table(
        "household_delivery_status",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("door_delivery", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("changed_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_event_id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("household_id", name=op.f("pk_household_delivery_status")),
    )
    op.create_table(
        "household_directory",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("compound", sa.String(length=50), nullable=False),
        sa.Column("building", sa.String(length=50), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("floor", sa.Integer(), nullable=False),
        sa.Column("room", sa.String(length=20), nullable=False),
        sa.Column("has_elderly", sa.Boolean(), nullable=False),
        sa.Column("has_chronic_illness", sa.Boolean(), nullable=False),
        sa.Column("lives_alone", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("updated_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("household_id", name=op.f("pk_household_directory")),
    )
    with op.batch_alter_table("household_directory", schema=None) as batch_op:
        batch_op.create_index(
            "ix_household_directory_address",
            ["community_id", "compound", "building", "unit"],
            unique=False,
        )
    op.create_table(
        "idempotency_record",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("operation", sa.String(length=60), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("resource_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_record")),
        sa.UniqueConstraint("subject", "key", name=op.f("uq_idempotency_record_subject")),
    )
    op.create_table(
        "inbox",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(length=50), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("received_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_inbox")),
    )
    op.create_table(
        "catalog_item",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("reference_price_fen", sa.Integer(), nullable=True),
        sa.Column("proposed_reference_price_fen", sa.Integer(), nullable=True),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("price_fen > 0", name=op.f("ck_catalog_item_price_positive")),
        sa.CheckConstraint("stock >= 0", name=op.f("ck_catalog_item_stock_not_negative")),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_catalog_item_partner_id_partner")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_item")),
        sa.UniqueConstraint("partner_id", "name", name=op.f("uq_catalog_item_partner_id")),
    )
    with op.batch_alter_table("catalog_item", schema=None) as batch_op:
        batch_op.create_index(
            "ix_catalog_item_community_category", ["community_id", "category"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_catalog_item_partner_id"), ["partner_id"], unique=False
        )
    op.create_table(
        "group_buy",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_group_buy_partner_id_partner")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["delivery_round.id"], name=op.f("fk_group_buy_round_id_delivery_round")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_buy")),
        sa.UniqueConstraint("round_id", "partner_id", name=op.f("uq_group_buy_round_id")),
    )
    op.create_table(
        "partner_order_feed",
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_partner_order_feed_partner_id_partner")
        ),
        sa.PrimaryKeyConstraint("partner_id", name=op.f("pk_partner_order_feed")),
    )
    op.create_table(
        "round_partner_load",
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("order_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_round_partner_load_partner_id_partner")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["delivery_round.id"],
            name=op.f("fk_round_partner_load_round_id_delivery_round"),
        ),
        sa.PrimaryKeyConstraint("round_id", "partner_id", name=op.f("pk_round_partner_load")),
    )
    op.create_table(
        "webhook",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_webhook_partner_id_partner")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook")),
    )
    with op.batch_alter_table("webhook", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_webhook_partner_id"), ["partner_id"], unique=False)
    op.create_table(
        "household_order",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("delivery_mode", sa.String(length=10), nullable=False),
        sa.Column("door_reason", sa.String(length=200), nullable=False),
        sa.Column("compound", sa.String(length=50), nullable=False),
        sa.Column("building", sa.String(length=50), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("floor", sa.Integer(), nullable=False),
        sa.Column("room", sa.String(length=20), nullable=False),
        sa.Column("placed_by", sa.String(length=200), nullable=False),
        sa.Column("placed_by_role", sa.String(length=20), nullable=False),
        sa.Column("on_behalf", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("total_fen", sa.Integer(), nullable=False),
        sa.Column("refunded_fen", sa.Integer(), nullable=False),
        sa.Column("change_seq", sa.BigInteger(), nullable=False),
        sa.Column("group_buy_id", sa.Uuid(), nullable=True),
        sa.Column("carrier", sa.String(length=50), nullable=False),
        sa.Column("handed_over_by", sa.String(length=200), nullable=False),
        sa.Column(
            "handed_over_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_buy_id"],
            ["group_buy.id"],
            name=op.f("fk_household_order_group_buy_id_group_buy"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_household_order_partner_id_partner")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["delivery_round.id"],
            name=op.f("fk_household_order_round_id_delivery_round"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_order")),
    )
    with op.batch_alter_table("household_order", schema=None) as batch_op:
        batch_op.create_index(
            "ix_household_order_community_created", ["community_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_household_order_group_buy_id"), ["group_buy_id"], unique=False
        )
        batch_op.create_index(
            "ix_household_order_household_created", ["household_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_household_order_partner_seq", ["partner_id", "change_seq"], unique=False
        )
        batch_op.create_index(
            "ix_household_order_round_partner", ["round_id", "partner_id"], unique=False
        )
    op.create_table(
        "price_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("old_fen", sa.Integer(), nullable=True),
        sa.Column("new_fen", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["catalog_item.id"], name=op.f("fk_price_change_item_id_catalog_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_change")),
    )
    with op.batch_alter_table("price_change", schema=None) as batch_op:
        batch_op.create_index("ix_price_change_item_at", ["item_id", "changed_at"], unique=False)
    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("webhook_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column(
            "next_attempt_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=False),
        sa.Column("delivered_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["webhook_id"], ["webhook.id"], name=op.f("fk_webhook_delivery_webhook_id_webhook")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_delivery")),
    )
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.create_index("ix_webhook_delivery_due", ["state", "next_attempt_at"], unique=False)
        batch_op.create_index(
            "ix_webhook_delivery_webhook_created", ["webhook_id", "created_at"], unique=False
        )
    op.create_table(
        "order_line",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("item_name", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("unit_price_fen", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("line_total_fen", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["catalog_item.id"], name=op.f("fk_order_line_item_id_catalog_item")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["household_order.id"],
            name=op.f("fk_order_line_order_id_household_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_line")),
    )
    with op.batch_alter_table("order_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_line_order_id"), ["order_id"], unique=False)
    op.create_table(
        "order_timeline",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["household_order.id"],
            name=op.f("fk_order_timeline_order_id_household_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_timeline")),
    )
    with op.batch_alter_table("order_timeline", schema=None) as batch_op:
        batch_op.create_index("ix_order_timeline_order_at", ["order_id", "at"], unique=False)
    op.create_table(
        "order_shortage",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("line_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("substitute_name", sa.String(length=100), nullable=False),
        sa.Column("refunded_fen", sa.Integer(), nullable=False),
        sa.Column("reported_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_id"], ["order_line.id"], name=op.f("fk_order_shortage_line_id_order_line")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["household_order.id"],
            name=op.f("fk_order_shortage_order_id_household_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_shortage")),
    )
    with op.batch_alter_table("order_shortage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_shortage_order_id"), ["order_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("order_shortage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_shortage_order_id"))
    op.drop_table("order_shortage")
    with op.batch_alter_table("order_timeline", schema=None) as batch_op:
        batch_op.drop_index("ix_order_timeline_order_at")
    op.drop_table("order_timeline")
    with op.batch_alter_table("order_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_line_order_id"))
    op.drop_table("order_line")
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_delivery_webhook_created")
        batch_op.drop_index("ix_webhook_delivery_due")
    op.drop_table("webhook_delivery")
    with op.batch_alter_table("price_change", schema=None) as batch_op:
        batch_op.drop_index("ix_price_change_item_at")
    op.drop_table("price_change")
    with op.batch_alter_table("household_order", schema=None) as batch_op:
        batch_op.drop_index("ix_household_order_round_partner")
        batch_op.drop_index("ix_household_order_partner_seq")
        batch_op.drop_index("ix_household_order_household_created")
        batch_op.drop_index(batch_op.f("ix_household_order_group_buy_id"))
        batch_op.drop_index("ix_household_order_community_created")
    op.drop_table("household_order")
    with op.batch_alter_table("webhook", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_partner_id"))
    op.drop_table("webhook")
    op.drop_table("round_partner_load")
    op.drop_table("partner_order_feed")
    op.drop_table("group_buy")
    with op.batch_alter_table("catalog_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_item_partner_id"))
        batch_op.drop_index("ix_catalog_item_community_category")
    op.drop_table("catalog_item")
    op.drop_table("inbox")
    op.drop_table("idempotency_record")
    with op.batch_alter_table("household_directory", schema=None) as batch_op:
        batch_op.drop_index("ix_household_directory_address")
    op.drop_table("household_directory")
    op.drop_table("household_delivery_status")
    op.drop_table("delivery_round")
