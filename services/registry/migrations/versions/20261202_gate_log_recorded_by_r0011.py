"""gate logs uploaded at shift change name who logged them: the posted volunteer's username on
the posting; recorded_by, recorder_unverified and uploaded_by on the log

Revision ID: r0011_gate_log_recorded_by
Revises: r0010_report_indexes
Create Date: 2026-12-02 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "r0011_gate_log_recorded_by"
down_revision: str | None = "r0010_report_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("gate_assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("username", sa.String(length=64), nullable=True))
    with op.batch_alter_table("gate_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recorded_by", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column(
                "recorder_unverified", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(sa.Column("uploaded_by", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("gate_log", schema=None) as batch_op:
        batch_op.drop_column("uploaded_by")
        batch_op.drop_column("recorder_unverified")
        batch_op.drop_column("recorded_by")
    with op.batch_alter_table("gate_assignment", schema=None) as batch_op:
        batch_op.drop_column("username")
