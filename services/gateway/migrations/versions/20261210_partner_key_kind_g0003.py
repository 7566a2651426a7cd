"""partner_key.partner_kind: a lab's key reaches only the lab routes

Revision ID: g0003
Revises: b7d3e9a14c52
Create Date: 2026-12-10 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "g0003"
down_revision: str | None = "b7d3e9a14c52"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Keys issued before kinds mattered were all supermarkets' and pharmacies': "" is neither lab.
    with op.batch_alter_table("partner_key") as batch:
        batch.add_column(
            sa.Column("partner_kind", sa.String(length=20), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("partner_key") as batch:
        batch.drop_column("partner_kind")
