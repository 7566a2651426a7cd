"""community_id on quarantine_change, filled from its quarantine

Revision ID: r0014_community_id
Revises: r0013_gate_quota_version
Create Date: 2026-12-09 09:00:00.000000

Ready to shard by community: every registry table on a hot path names its community itself;
quarantine_change was the one reached only through its parent.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "r0014_community_id"
down_revision: str | None = "r0013_gate_quota_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("quarantine_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("community_id", sa.Uuid(), nullable=True))
    op.execute(
        "UPDATE quarantine_change SET community_id = (SELECT quarantine.community_id "
        "FROM quarantine WHERE quarantine.id = quarantine_change.quarantine_id)"
    )
    with op.batch_alter_table("quarantine_change", schema=None) as batch_op:
        batch_op.alter_column("community_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_quarantine_change_community_id_community"),
            "community",
            ["community_id"],
            ["id"],
        )
        batch_op.drop_index(batch_op.f("ix_quarantine_change_quarantine_id"))
        batch_op.create_index(
            "ix_quarantine_change_community_quarantine", ["community_id", "quarantine_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("quarantine_change", schema=None) as batch_op:
        batch_op.drop_index("ix_quarantine_change_community_quarantine")
        batch_op.create_index(
            batch_op.f("ix_quarantine_change_quarantine_id"), ["quarantine_id"], unique=False
        )
        batch_op.drop_constraint(
            batch_op.f("fk_quarantine_change_community_id_community"), type_="foreignkey"
        )
        batch_op.drop_column("community_id")
