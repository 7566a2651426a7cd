"""token versions, sign-in failures per account and source

Revision ID: b7d3e9a14c52
Revises: a1ef7519445e
Create Date: 2026-12-07 06:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "b7d3e9a14c52"
down_revision: str | None = "a1ef7519445e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(
            sa.Column("token_version", sa.Integer(), nullable=False, server_default="0")
        )
        batch.drop_column("failed_logins")
        batch.drop_column("locked_until")
    op.create_table(
        "sign_in_failure",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("lockouts", sa.Integer(), nullable=False),
        sa.Column("locked_until", shouhu_common.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "last_failure_at", shouhu_common.database.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("username", "source", name=op.f("pk_sign_in_failure")),
    )


def downgrade() -> None:
    op.drop_table("sign_in_failure")
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(
            sa.Column("locked_until", shouhu_common.database.UTCDateTime(timezone=True))
        )
        batch.add_column(
            sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
        )
        batch.drop_column("token_version")
