"""community operations: tasks, disinfection records and schedules, dispatch meetings, notices

Revision ID: r0006_tasks_disinfection_notices
Revises: b7e1f3a90d25
Create Date: 2026-11-27 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shouhu_common.database

revision: str = "r0006_tasks_disinfection_notices"
down_revision: str | None = "b7e1f3a90d25"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = shouhu_common.database.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "dispatch_meeting",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("held_at", UTC, nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("chair", sa.String(length=100), nullable=False),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_dispatch_meeting_community_id_community"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatch_meeting")),
        sa.UniqueConstraint("client_id", name=op.f("uq_dispatch_meeting_client_id")),
    )
    with op.batch_alter_table("dispatch_meeting", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dispatch_meeting_community_held", ["community_id", "held_at"], unique=False
        )

    op.create_table(
        "notice",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("published_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=True),
        sa.Column("withdrawn_at", UTC, nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_notice_community_id_community")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice")),
        sa.UniqueConstraint("client_id", name=op.f("uq_notice_client_id")),
    )
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notice_community_published", ["community_id", "published_at"], unique=False
        )

    op.create_table(
        "disinfection_schedule",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("place_kind", sa.String(length=16), nullable=False),
        sa.Column("times", sa.JSON(), nullable=False),
        sa.Column("all_buildings", sa.Boolean(), nullable=False),
        sa.Column("grace_minutes", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("effective_from", UTC, nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_disinfection_schedule_community_id_community"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disinfection_schedule")),
    )
    with op.batch_alter_table("disinfection_schedule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_disinfection_schedule_community_id"), ["community_id"], unique=False
        )

    op.create_table(
        "disinfection_schedule_place",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("schedule_id", sa.Uuid(), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["building.id"],
            name=op.f("fk_disinfection_schedule_place_building_id_building"),
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["disinfection_schedule.id"],
            name=op.f("fk_disinfection_schedule_place_schedule_id_disinfection_schedule"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disinfection_schedule_place")),
    )
    with op.batch_alter_table("disinfection_schedule_place", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_disinfection_schedule_place_schedule_id"), ["schedule_id"], unique=False
        )

    op.create_table(
        "disinfection_record",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("place_kind", sa.String(length=16), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("agent", sa.String(length=50), nullable=False),
        sa.Column("concentration", sa.String(length=20), nullable=False),
        sa.Column("done_at", UTC, nullable=False),
        sa.Column("done_by", sa.String(length=100), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["building.id"],
            name=op.f("fk_disinfection_record_building_id_building"),
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_disinfection_record_community_id_community"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disinfection_record")),
        sa.UniqueConstraint("client_id", name=op.f("uq_disinfection_record_client_id")),
    )
    with op.batch_alter_table("disinfection_record", schema=None) as batch_op:
        batch_op.create_index(
            "ix_disinfection_record_building_done", ["building_id", "done_at"], unique=False
        )
        batch_op.create_index(
            "ix_disinfection_record_community_done", ["community_id", "done_at"], unique=False
        )

    # the foreign key to worker comes in r0009, once the roster's migration made the table
    op.create_table(
        "task",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=True),
        sa.Column("assignee_worker_id", sa.Uuid(), nullable=True),
        sa.Column("assignee_name", sa.String(length=50), nullable=False),
        sa.Column("due_at", UTC, nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("started_at", UTC, nullable=True),
        sa.Column("done_at", UTC, nullable=True),
        sa.Column("cancelled_at", UTC, nullable=True),
        sa.Column("status_note", sa.String(length=200), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"], ["building.id"], name=op.f("fk_task_building_id_building")
        ),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_task_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["dispatch_meeting.id"],
            name=op.f("fk_task_meeting_id_dispatch_meeting"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
        sa.UniqueConstraint("client_id", name=op.f("uq_task_client_id")),
    )
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index(
            "ix_task_assignee_status", ["assignee_worker_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_task_building_id"), ["building_id"], unique=False)
        batch_op.create_index("ix_task_community_done", ["community_id", "done_at"], unique=False)
        batch_op.create_index("ix_task_community_status", ["community_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_meeting_id"), ["meeting_id"], unique=False)


def downgrade() -> None:
    op.drop_table("task")
    op.drop_table("disinfection_record")
    op.drop_table("disinfection_schedule_place")
    op.drop_table("disinfection_schedule")
    op.drop_table("notice")
    op.drop_table("dispatch_meeting")
