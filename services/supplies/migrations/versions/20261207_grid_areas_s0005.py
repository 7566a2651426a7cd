"""grid workers' areas from the registry's grid.area_changed; the directory's building_id

Revision ID: s0005_grid_areas
Revises: s0004_report_indexes
Create Date: 2026-12-07 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "s0005_grid_areas"
down_revision: str | None = "s0004_report_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "grid_area",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=False),
        sa.Column("floor_from", sa.Integer(), nullable=True),
        sa.Column("floor_to", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_area")),
        sa.UniqueConstraint("subject", "building_id", name=op.f("uq_grid_area_subject")),
    )
    with op.batch_alter_table("grid_area", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grid_area_subject"), ["subject"], unique=False)
    op.create_table(
        "grid_area_update",
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("changed_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_event_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("subject", "community_id", name=op.f("pk_grid_area_update")),
    )
    with op.batch_alter_table("household_directory", schema=None) as batch_op:
        batch_op.add_column(sa.Column("building_id", sa.Uuid(), nullable=True))
        batch_op.create_index("ix_household_directory_building_id", ["building_id", "floor"])


def downgrade() -> None:
    with op.batch_alter_table("household_directory", schema=None) as batch_op:
        batch_op.drop_index("ix_household_directory_building_id")
        batch_op.drop_column("building_id")
    op.drop_table("grid_area_update")
    with op.batch_alter_table("grid_area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grid_area_subject"))
    op.drop_table("grid_area")
