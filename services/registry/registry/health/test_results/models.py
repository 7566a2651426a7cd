"""Results 结果回传: what a positive pool sets off. A positive (or invalid) tube puts its people
on the single-tube re-test list and their buildings on the round's watch; staff then decide on
home quarantine for their households."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class RetestEntry(Base):
    __tablename__ = "retest_entry"
    __table_args__ = (
        UniqueConstraint("community_id", "round_id", "person_id"),
        Index("ix_retest_entry_round_household", "round_id", "household_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("testing_round.id"))
    source_tube_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sample_tube.id"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"))
    building_id: Mapped[uuid.UUID] = mapped_column(UUID)
    # the single-tube registration that re-tested the person, once it is made
    retest_registration_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)
    # staff decision on the household: None (undecided), "quarantined", "not_quarantined"
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class WatchedBuilding(Base):
    """A building with a positive pool in the round: on the round's watch (重点关注楼栋)."""

    __tablename__ = "watched_building"

    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), primary_key=True)
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("testing_round.id"), primary_key=True)
    building_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("building.id"), primary_key=True)
    first_tube_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sample_tube.id"))
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
