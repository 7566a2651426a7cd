"""returnees

Revision ID: b7e1f3a90d25
Revises: a4d2e6b81c07
Create Date: 2026-11-26 11:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "b7e1f3a90d25"
down_revision: str | None = "a4d2e6b81c07"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = shouhu_common.database.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "returnee",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("phone_enc", sa.LargeBinary(), nullable=True),
        sa.Column("phone_hash", sa.String(length=64), nullable=True),
        sa.Column("from_city", sa.String(length=50), nullable=False),
        sa.Column("transport", sa.String(length=10), nullable=False),
        sa.Column("transport_number", sa.String(length=20), nullable=False),
        sa.Column("arrival_date", sa.Date(), nullable=False),
        sa.Column("watch_until", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_returnee_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_returnee_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_returnee_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returnee")),
        sa.UniqueConstraint("client_id", name=op.f("uq_returnee_client_id")),
    )
    with op.batch_alter_table("returnee", schema=None) as batch_op:
        batch_op.create_index("ix_returnee_community_watch", ["community_id", "watch_until"])
        batch_op.create_index(batch_op.f("ix_returnee_household_id"), ["household_id"])
        batch_op.create_index(batch_op.f("ix_returnee_person_id"), ["person_id"])
        batch_op.create_index(batch_op.f("ix_returnee_phone_hash"), ["phone_hash"])


def downgrade() -> None:
    with op.batch_alter_table("returnee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_returnee_phone_hash"))
        batch_op.drop_index(batch_op.f("ix_returnee_person_id"))
        batch_op.drop_index(batch_op.f("ix_returnee_household_id"))
        batch_op.drop_index("ix_returnee_community_watch")
    op.drop_table("returnee")
