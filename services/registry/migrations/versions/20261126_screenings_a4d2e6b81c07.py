"""screening rounds, screening forms, screening rules

Revision ID: a4d2e6b81c07
Revises: 3c052b5f40ab
Create Date: 2026-11-26 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "a4d2e6b81c07"
down_revision: str | None = "3c052b5f40ab"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = shouhu_common.database.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "screening_round",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("started_at", UTC, nullable=False),
        sa.Column("started_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_screening_round_community_id_community"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_round")),
        sa.UniqueConstraint("community_id", "number", name=op.f("uq_screening_round_community_id")),
    )
    op.create_table(
        "screening_rule",
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("symptoms_level", sa.String(length=10), nullable=False),
        sa.Column("case_contact_level", sa.String(length=10), nullable=False),
        sa.Column("outbreak_travel_level", sa.String(length=10), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_screening_rule_community_id_community"),
        ),
        sa.PrimaryKeyConstraint("community_id", name=op.f("pk_screening_rule")),
    )
    op.create_table(
        "screening",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("outbreak_travel", sa.Boolean(), nullable=True),
        sa.Column("case_contact", sa.Boolean(), nullable=True),
        sa.Column("symptoms", sa.Boolean(), nullable=True),
        sa.Column("risk_level", sa.String(length=10), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("screened_by", sa.String(length=100), nullable=False),
        sa.Column("screened_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_screening_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_screening_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["screening_round.id"], name=op.f("fk_screening_round_id_screening_round")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening")),
        sa.UniqueConstraint("client_id", name=op.f("uq_screening_client_id")),
    )
    with op.batch_alter_table("screening", schema=None) as batch_op:
        batch_op.create_index("ix_screening_round_household", ["round_id", "household_id"])
        batch_op.create_index(batch_op.f("ix_screening_community_id"), ["community_id"])
        batch_op.create_index(batch_op.f("ix_screening_household_id"), ["household_id"])


def downgrade() -> None:
    with op.batch_alter_table("screening", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_household_id"))
        batch_op.drop_index(batch_op.f("ix_screening_community_id"))
        batch_op.drop_index("ix_screening_round_household")
    op.drop_table("screening")
    op.drop_table("screening_rule")
    op.drop_table("screening_round")
