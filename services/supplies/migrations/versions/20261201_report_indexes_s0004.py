"""daily report and dashboard: order timeline entries by status and time (deliveries of a day)

Revision ID: s0004_report_indexes
Revises: 8d4e0f2a6b31
Create Date: 2026-12-01 09:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "s0004_report_indexes"
down_revision: str | None = "8d4e0f2a6b31"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("order_timeline", schema=None) as batch_op:
        batch_op.create_index("ix_order_timeline_status_at", ["status", "at"])


def downgrade() -> None:
    with op.batch_alter_table("order_timeline", schema=None) as batch_op:
        batch_op.drop_index("ix_order_timeline_status_at")
