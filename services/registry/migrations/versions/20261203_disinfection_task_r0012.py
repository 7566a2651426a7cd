"""disinfection records name the disinfection task they complete

Revision ID: r0012_disinfection_task
Revises: r0011_gate_log_recorded_by
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "r0012_disinfection_task"
down_revision: str | None = "r0011_gate_log_recorded_by"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("disinfection_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("task_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_disinfection_record_task_id_task"), "task", ["task_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("disinfection_record", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_disinfection_record_task_id_task"), type_="foreignkey")
        batch_op.drop_column("task_id")
