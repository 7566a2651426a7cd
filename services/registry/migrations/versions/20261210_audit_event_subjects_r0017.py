"""audit_event names the community, household and person it concerns

Revision ID: r0017_audit_subjects
Revises: r0016_testing_rounds
Create Date: 2026-12-10 10:00:00.000000

Administrators filter the audit log by person, household and community. Earlier events named only
their target; those whose target is a community, household or person are filled from it (a
person's household and community from the person row).
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "r0017_audit_subjects"
down_revision: str | None = "r0016_testing_rounds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000

audit = sa.table(
    "audit_event",
    sa.column("id", sa.Uuid()),
    sa.column("target_type", sa.String()),
    sa.column("target_id", sa.String()),
    sa.column("community_id", sa.Uuid()),
    sa.column("household_id", sa.Uuid()),
    sa.column("person_id", sa.Uuid()),
)
person = sa.table(
    "person",
    sa.column("id", sa.Uuid()),
    sa.column("household_id", sa.Uuid()),
    sa.column("community_id", sa.Uuid()),
)
household = sa.table("household", sa.column("id", sa.Uuid()), sa.column("community_id", sa.Uuid()))


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _fill(connection: sa.Connection) -> None:
    rows = connection.execute(
        sa.select(audit.c.id, audit.c.target_type, audit.c.target_id).where(
            audit.c.target_type.in_(("community", "household", "person"))
        )
    ).all()
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        ids = {kind: [] for kind in ("community", "household", "person")}
        for _, kind, target in batch:
            if (value := _as_uuid(target)) is not None:
                ids[kind].append(value)
        people = {
            r.id: r
            for r in connection.execute(
                sa.select(person).where(person.c.id.in_(ids["person"]))
            ).all()
        }
        households = {
            r.id: r.community_id
            for r in connection.execute(
                sa.select(household).where(household.c.id.in_(ids["household"]))
            ).all()
        }
        for event_id, kind, target in batch:
            value = _as_uuid(target)
            if value is None:
                continue
            if kind == "community":
                values = {"community_id": value}
            elif kind == "household":
                values = {"household_id": value, "community_id": households.get(value)}
            else:
                found = people.get(value)
                values = {
                    "person_id": value,
                    "household_id": found.household_id if found else None,
                    "community_id": found.community_id if found else None,
                }
            connection.execute(sa.update(audit).where(audit.c.id == event_id).values(**values))


def upgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("community_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("household_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("person_id", sa.Uuid(), nullable=True))
    _fill(op.get_bind())
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index("ix_audit_event_actor_at", ["actor", "at"], unique=False)
        batch_op.create_index("ix_audit_event_person_at", ["person_id", "at"], unique=False)
        batch_op.create_index("ix_audit_event_household_at", ["household_id", "at"], unique=False)
        batch_op.create_index("ix_audit_event_community_at", ["community_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_community_at")
        batch_op.drop_index("ix_audit_event_household_at")
        batch_op.drop_index("ix_audit_event_person_at")
        batch_op.drop_index("ix_audit_event_actor_at")
        batch_op.drop_column("person_id")
        batch_op.drop_column("household_id")
        batch_op.drop_column("community_id")
