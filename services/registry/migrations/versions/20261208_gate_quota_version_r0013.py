"""a per-community version of the quota slots taken, for the offline bundle's ETag

Revision ID: r0013_gate_quota_version
Revises: r0012_disinfection_task
Create Date: 2026-12-08 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "r0013_gate_quota_version"
down_revision: str | None = "r0012_disinfection_task"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gate_quota_version",
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_gate_quota_version_community_id_community"),
        ),
        sa.PrimaryKeyConstraint("community_id", name=op.f("pk_gate_quota_version")),
    )


def downgrade() -> None:
    op.drop_table("gate_quota_version")
