"""webhook secret rotation with an overlap, and one-time secrets shown again to a retry

Revision ID: s0006_webhook_secret_rotation
Revises: s0005_grid_areas
Create Date: 2026-12-07 07:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "s0006_webhook_secret_rotation"
down_revision: str | None = "s0005_grid_areas"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("webhook", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_secret", sa.String(length=100), nullable=True))
        batch_op.add_column(
            sa.Column(
                "previous_secret_until",
                shouhu_common.database.UTCDateTime(timezone=True),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "secret_rotated_at",
                shouhu_common.database.UTCDateTime(timezone=True),
                nullable=True,
            )
        )
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("secret_digest", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.drop_column("secret_digest")
    with op.batch_alter_table("webhook", schema=None) as batch_op:
        batch_op.drop_column("secret_rotated_at")
        batch_op.drop_column("previous_secret_until")
        batch_op.drop_column("previous_secret")
