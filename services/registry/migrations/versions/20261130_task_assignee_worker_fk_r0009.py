"""tasks: the assignee's foreign key to the roster's worker table (made after r0006)

Revision ID: r0009_task_assignee_worker_fk
Revises: r0008_roster_shifts_floors
Create Date: 2026-11-30 09:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "r0009_task_assignee_worker_fk"
down_revision: str | None = "r0008_roster_shifts_floors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_foreign_key(
            op.f("fk_task_assignee_worker_id_worker"), "worker", ["assignee_worker_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_task_assignee_worker_id_worker"), type_="foreignkey")
