"""Follow-up 随访: a twice-daily temperature and symptom check of a person under quarantine."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class FollowUpPeriod(StrEnum):
    morning = "morning"  # before 12:00 in the community's time zone
    evening = "evening"


class Symptom(StrEnum):
    """A closed list, not free text: health data is collected only as far as it is needed."""

    fever = "fever"
    cough = "cough"
    sore_throat = "sore_throat"
    fatigue = "fatigue"
    shortness_of_breath = "shortness_of_breath"
    diarrhea = "diarrhea"
    loss_of_taste_or_smell = "loss_of_taste_or_smell"


class FollowUp(Base):
    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_person_day", "person_id", "local_date", "period"),
        Index("ix_follow_up_community_day", "community_id", "local_date", "period"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    client_id: Mapped[uuid.UUID] = mapped_column(UUID, unique=True)
    quarantine_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("quarantine.id"), index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    local_date: Mapped[date] = mapped_column(Date)
    period: Mapped[FollowUpPeriod] = mapped_column(String(8))
    temperature: Mapped[float] = mapped_column(Float)
    symptoms: Mapped[str] = mapped_column(String(200), default="")  # comma-separated Symptom
    recorded_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
