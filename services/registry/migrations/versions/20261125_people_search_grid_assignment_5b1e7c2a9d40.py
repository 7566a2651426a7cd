"""people search keys, grid assignments, person (community, name) index

Revision ID: 5b1e7c2a9d40
Revises: ad37b9e8354d
Create Date: 2026-11-25 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "5b1e7c2a9d40"
down_revision: str | None = "ad37b9e8354d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_KEY = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "person_search_key",
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("key", SEARCH_KEY, nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint(
            "community_id", "key", "person_id", name=op.f("pk_person_search_key")
        ),
        sqlite_with_rowid=False,
    )
    op.create_index(
        op.f("ix_person_search_key_person_id"), "person_search_key", ["person_id"], unique=False
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index("ix_person_community_name", ["community_id", "name"], unique=False)

    op.create_table(
        "grid_assignment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=False),
        sa.Column("assigned_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"], ["building.id"], name=op.f("fk_grid_assignment_building_id_building")
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_grid_assignment_community_id_community"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_assignment")),
        sa.UniqueConstraint("subject", "building_id", name=op.f("uq_grid_assignment_subject")),
    )
    with op.batch_alter_table("grid_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_grid_assignment_building_id"), ["building_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_grid_assignment_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_grid_assignment_subject"), ["subject"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("grid_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grid_assignment_subject"))
        batch_op.drop_index(batch_op.f("ix_grid_assignment_community_id"))
        batch_op.drop_index(batch_op.f("ix_grid_assignment_building_id"))
    op.drop_table("grid_assignment")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_community_name")
    op.drop_index(op.f("ix_person_search_key_person_id"), table_name="person_search_key")
    op.drop_table("person_search_key")
