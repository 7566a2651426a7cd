"""Sampling 采样登记: tubes opened at a point and the people swabbed into them, uploaded from the
sampler's phone in batches (offline first, exactly once by client id), and the doors volunteers
knock on for those still missing."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class TubeResult(StrEnum):
    negative = "negative"  # 阴性
    positive = "positive"  # 阳性 (a pool: its people are re-tested one to a tube)
    invalid = "invalid"  # 无效 (sample unusable: its people are re-tested)


class KnockOutcome(StrEnum):
    no_answer = "no_answer"  # 无人应答
    will_come = "will_come"  # 马上下楼
    refuses = "refuses"  # 拒绝
    away = "away"  # 不在家


class SampleTube(Base):
    """A tube, known by its barcode, opened at a point in one round; pooled up to the round's
    pool size (a re-test tube holds one person). Its result arrives from the lab."""

    __tablename__ = "sample_tube"
    __table_args__ = (
        UniqueConstraint("community_id", "barcode"),
        Index("ix_sample_tube_round_result", "round_id", "result"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("testing_round.id"))
    point_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("sampling_point.id"), nullable=True
    )  # None: a home-sampling tube
    barcode: Mapped[str] = mapped_column(String(40))
    capacity: Mapped[int] = mapped_column(Integer)
    filled: Mapped[int] = mapped_column(Integer, default=0)
    retest: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_by: Mapped[str] = mapped_column(String(100))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    result: Mapped[TubeResult | None] = mapped_column(String(10), nullable=True)
    result_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    result_source: Mapped[str | None] = mapped_column(String(100), nullable=True)


class SampleRegistration(Base):
    """One person swabbed into one tube. A second registration of the same person in the same
    round is kept (the swab was taken) but flagged `duplicate` and not counted."""

    __tablename__ = "sample_registration"
    __table_args__ = (
        UniqueConstraint("community_id", "client_id"),
        Index("ix_sample_registration_round_person", "round_id", "person_id"),
        Index("ix_sample_registration_round_building", "round_id", "building_id", "floor"),
        Index("ix_sample_registration_round_point_time", "round_id", "point_id", "sampled_at"),
        Index("ix_sample_registration_tube", "tube_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("testing_round.id"))
    tube_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sample_tube.id"))
    point_id: Mapped[uuid.UUID | None] = mapped_column(UUID, nullable=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(UUID)
    building_id: Mapped[uuid.UUID] = mapped_column(UUID)
    floor: Mapped[int] = mapped_column(Integer)
    # the person lives in another community and the sampler confirmed sampling them here
    visitor: Mapped[bool] = mapped_column(Boolean, default=False)
    home: Mapped[bool] = mapped_column(Boolean, default=False)  # sampled at the door
    duplicate: Mapped[bool] = mapped_column(Boolean, default=False)
    sampled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class HouseholdKnock(Base):
    """A volunteer at the door of a household with people still missing (敲门)."""

    __tablename__ = "household_knock"
    __table_args__ = (
        UniqueConstraint("community_id", "client_id"),
        Index("ix_household_knock_round_household", "round_id", "household_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("testing_round.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"))
    outcome: Mapped[KnockOutcome] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(200), default="")
    knocked_by: Mapped[str] = mapped_column(String(100))
    knocked_at: Mapped[datetime] = mapped_column(UTCDateTime)
