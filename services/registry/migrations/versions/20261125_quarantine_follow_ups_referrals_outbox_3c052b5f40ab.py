"""quarantine, follow-ups, referrals, quarantine rules; the event outbox

Revision ID: 3c052b5f40ab
Revises: 7c3d9e1f2a64
Create Date: 2026-11-25 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "3c052b5f40ab"
down_revision: str | None = "7c3d9e1f2a64"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC = shouhu_common.database.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("seq", SEQUENCE, autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("occurred_at", UTC, nullable=False),
        sa.Column("dispatched_at", UTC, nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_id")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_pending", ["dispatched_at", "seq"], unique=False)

    op.create_table(
        "outbox_delivery",
        sa.Column("seq", SEQUENCE, nullable=False),
        sa.Column("subscriber", sa.String(length=50), nullable=False),
        sa.Column("delivered_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["seq"], ["outbox.seq"], name=op.f("fk_outbox_delivery_seq_outbox"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("seq", "subscriber", name=op.f("pk_outbox_delivery")),
    )
    op.create_table(
        "quarantine_rule",
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("default_days", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_quarantine_rule_community_id_community"),
        ),
        sa.PrimaryKeyConstraint("community_id", name=op.f("pk_quarantine_rule")),
    )
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("planned_end_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("released_at", UTC, nullable=True),
        sa.Column("released_by", sa.String(length=100), nullable=True),
        sa.Column("release_note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_quarantine_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_quarantine_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_quarantine_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantine")),
        sa.UniqueConstraint("client_id", name=op.f("uq_quarantine_client_id")),
    )
    with op.batch_alter_table("quarantine", schema=None) as batch_op:
        batch_op.create_index(
            "ix_quarantine_community_status", ["community_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_quarantine_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_quarantine_person_id"), ["person_id"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("quarantine_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("checked_at", UTC, nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("temperature", sa.Float(), nullable=False),
        sa.Column("symptoms", sa.String(length=200), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_follow_up_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_follow_up_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["quarantine_id"], ["quarantine.id"], name=op.f("fk_follow_up_quarantine_id_quarantine")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
        sa.UniqueConstraint("client_id", name=op.f("uq_follow_up_client_id")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(
            "ix_follow_up_community_day", ["community_id", "local_date", "period"], unique=False
        )
        batch_op.create_index(
            "ix_follow_up_person_day", ["person_id", "local_date", "period"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_follow_up_quarantine_id"), ["quarantine_id"], unique=False
        )

    op.create_table(
        "quarantine_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("quarantine_id", sa.Uuid(), nullable=False),
        sa.Column("previous_end_date", sa.Date(), nullable=False),
        sa.Column("planned_end_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column("changed_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["quarantine_id"],
            ["quarantine.id"],
            name=op.f("fk_quarantine_change_quarantine_id_quarantine"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantine_change")),
    )
    with op.batch_alter_table("quarantine_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_quarantine_change_quarantine_id"), ["quarantine_id"], unique=False
        )

    op.create_table(
        "referral",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("quarantine_id", sa.Uuid(), nullable=True),
        sa.Column("follow_up_id", sa.Uuid(), nullable=True),
        sa.Column("temperature", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("opened_at", UTC, nullable=False),
        sa.Column("closed_at", UTC, nullable=True),
        sa.Column("closed_by", sa.String(length=100), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_referral_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"], ["follow_up.id"], name=op.f("fk_referral_follow_up_id_follow_up")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_referral_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_referral_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["quarantine_id"], ["quarantine.id"], name=op.f("fk_referral_quarantine_id_quarantine")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
        sa.UniqueConstraint("follow_up_id", name=op.f("uq_referral_follow_up_id")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(
            "ix_referral_community_status", ["community_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_referral_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referral_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    for table in (
        "referral",
        "quarantine_change",
        "follow_up",
        "quarantine",
        "quarantine_rule",
        "outbox_delivery",
        "outbox",
    ):
        op.drop_table(table)
