"""status safeguards: reason codes on quarantines and passes, appeals, second approval of bulk
changes

Revision ID: r0019_status_safeguards
Revises: r0018_care_list
Create Date: 2026-12-11 09:00:00.000000

Quarantines, their end-date changes, their releases, passes and audit events keep the reason code
of a status change (empty on rows older than the codes).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "r0019_status_safeguards"
down_revision: str | None = "r0018_care_list"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CODE_COLUMNS = {
    "quarantine": ("reason_code", "release_reason_code"),
    "quarantine_change": ("reason_code",),
    "access_pass": ("reason_code",),
    "audit_event": ("reason_code",),
}


def upgrade() -> None:
    for table, columns in CODE_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.add_column(
                    sa.Column(column, sa.String(length=30), nullable=False, server_default="")
                )
            if table == "quarantine":
                batch_op.add_column(
                    sa.Column("reason", sa.String(length=200), nullable=False, server_default="")
                )


def downgrade() -> None:
    for table, columns in CODE_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "quarantine":
                batch_op.drop_column("reason")
            for column in reversed(columns):
                batch_op.drop_column(column)
