"""health-data purges; gate fevers open referrals (person optional); gate returnees linked

Revision ID: r0007_health_purge_gate_links
Revises: r0006_tasks_disinfection_notices
Create Date: 2026-11-28 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "r0007_health_purge_gate_links"
down_revision: str | None = "r0006_tasks_disinfection_notices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = shouhu_common.database.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "health_data_purge",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("export_id", sa.Uuid(), nullable=False),
        sa.Column("purged_by", sa.String(length=100), nullable=False),
        sa.Column("purged_at", UTC, nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("households_released", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_health_data_purge_community_id_community"),
        ),
        sa.ForeignKeyConstraint(
            ["export_id"],
            ["audit_event.id"],
            name=op.f("fk_health_data_purge_export_id_audit_event"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_data_purge")),
    )
    with op.batch_alter_table("health_data_purge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_health_data_purge_community_id"), ["community_id"])

    with op.batch_alter_table("gate_visitor", schema=None) as batch_op:
        batch_op.add_column(sa.Column("returnee_id", sa.Uuid(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_gate_visitor_returnee_id"), ["returnee_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_gate_visitor_returnee_id_returnee"), "returnee", ["returnee_id"], ["id"]
        )

    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.alter_column("person_id", existing_type=sa.Uuid(), nullable=True)
        batch_op.add_column(sa.Column("gate_log_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("gate_visitor_id", sa.Uuid(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_referral_gate_log_id"), ["gate_log_id"])
        batch_op.create_unique_constraint(
            batch_op.f("uq_referral_gate_visitor_id"), ["gate_visitor_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_referral_gate_log_id_gate_log"), "gate_log", ["gate_log_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_referral_gate_visitor_id_gate_visitor"),
            "gate_visitor",
            ["gate_visitor_id"],
            ["id"],
        )


def downgrade() -> None:
    # Referrals that name no person (fevers on household passes) cannot survive the old schema.
    op.execute("DELETE FROM referral WHERE person_id IS NULL")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_referral_gate_visitor_id_gate_visitor"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_referral_gate_log_id_gate_log"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_referral_gate_visitor_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("uq_referral_gate_log_id"), type_="unique")
        batch_op.drop_column("gate_visitor_id")
        batch_op.drop_column("gate_log_id")
        batch_op.alter_column("person_id", existing_type=sa.Uuid(), nullable=False)

    with op.batch_alter_table("gate_visitor", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_gate_visitor_returnee_id_returnee"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_gate_visitor_returnee_id"), type_="unique")
        batch_op.drop_column("returnee_id")

    with op.batch_alter_table("health_data_purge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_health_data_purge_community_id"))
    op.drop_table("health_data_purge")
