"""daily report and dashboard: the gate log's (community, time) index covers the day's figures;
screenings by community and time

Revision ID: r0010_report_indexes
Revises: r0009_task_assignee_worker_fk
Create Date: 2026-12-01 09:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "r0010_report_indexes"
down_revision: str | None = "r0009_task_assignee_worker_fk"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COVERING = ["community_id", "occurred_at", "verdict", "direction", "reason", "fever"]


def upgrade() -> None:
    with op.batch_alter_table("gate_log", schema=None) as batch_op:
        batch_op.create_index("ix_gate_log_community_occurred_verdict", COVERING)
        batch_op.drop_index("ix_gate_log_community_occurred")
    with op.batch_alter_table("screening", schema=None) as batch_op:
        batch_op.create_index("ix_screening_community_screened", ["community_id", "screened_at"])


def downgrade() -> None:
    with op.batch_alter_table("screening", schema=None) as batch_op:
        batch_op.drop_index("ix_screening_community_screened")
    with op.batch_alter_table("gate_log", schema=None) as batch_op:
        batch_op.create_index("ix_gate_log_community_occurred", ["community_id", "occurred_at"])
        batch_op.drop_index("ix_gate_log_community_occurred_verdict")
