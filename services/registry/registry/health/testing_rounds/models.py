"""A mass testing round 全员核酸: one day on which a whole community is swabbed, building by
building, at its sampling points, with people excluded or sampled at home."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class RoundStatus(StrEnum):
    planned = "planned"  # slots may still change; residents already see them
    sampling = "sampling"  # registrations accepted
    closed = "closed"  # no more registrations; results may still arrive


class Arrangement(StrEnum):
    excluded = "excluded"  # not expected this round
    home_sampling = "home_sampling"  # 上门采样: a sampler comes to the door


class ArrangementReason(StrEnum):
    in_hospital = "in_hospital"  # 住院
    away = "away"  # 外出 / 不在本地
    under_3 = "under_3"  # 3 岁以下
    quarantined = "quarantined"  # 居家隔离 (home sampling)
    bedridden = "bedridden"  # 卧床 / 失能 (home sampling)
    other = "other"


class TestingRound(Base):
    __tablename__ = "testing_round"
    __table_args__ = (Index("ix_testing_round_community_date", "community_id", "round_date"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    name: Mapped[str] = mapped_column(String(100))
    round_date: Mapped[date] = mapped_column(Date)
    pool_size: Mapped[int] = mapped_column(Integer, default=10)  # 1, 5, 10 or 20 per tube
    households_per_slot: Mapped[int] = mapped_column(Integer, default=20)  # per table
    slot_minutes: Mapped[int] = mapped_column(Integer, default=10)
    status: Mapped[RoundStatus] = mapped_column(String(10), default=RoundStatus.planned)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class SamplingPoint(Base):
    __tablename__ = "sampling_point"
    __table_args__ = (Index("ix_sampling_point_community_round", "community_id", "round_id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("testing_round.id"))
    name: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(200), default="")
    opens_at: Mapped[time] = mapped_column(Time)  # community local time on the round's date
    closes_at: Mapped[time] = mapped_column(Time)
    tables: Mapped[int] = mapped_column(Integer, default=1)


class RoundSlot(Base):
    """When one building (or part of it: a range of floors) goes down to a point."""

    __tablename__ = "round_slot"
    __table_args__ = (
        Index("ix_round_slot_community_round_building", "community_id", "round_id", "building_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("testing_round.id"))
    point_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sampling_point.id"))
    building_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("building.id"))
    from_floor: Mapped[int] = mapped_column(Integer)
    to_floor: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[time] = mapped_column(Time)  # community local time
    ends_at: Mapped[time] = mapped_column(Time)
    households: Mapped[int] = mapped_column(Integer)


class RoundArrangement(Base):
    """A person not expected at a point this round: excluded, or on the home-sampling list.
    Quarantined households and people with a disability are put on the home-sampling list when
    the round is planned; staff add and remove the rest by hand."""

    __tablename__ = "round_arrangement"
    __table_args__ = (
        UniqueConstraint("community_id", "round_id", "person_id"),
        Index("ix_round_arrangement_round_household", "round_id", "household_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("testing_round.id"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"))
    arrangement: Mapped[Arrangement] = mapped_column(String(14))
    reason: Mapped[ArrangementReason] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
