"""Community 社区 → compound 小区 → building 楼栋."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id


class Community(Base):
    __tablename__ = "community"

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100))
    subdistrict: Mapped[str] = mapped_column(String(100), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Compound(Base):
    __tablename__ = "compound"
    __table_args__ = (UniqueConstraint("community_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))


class Building(Base):
    __tablename__ = "building"
    __table_args__ = (UniqueConstraint("compound_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    compound_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("compound.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    floors: Mapped[int] = mapped_column(Integer, default=6)
    units: Mapped[int] = mapped_column(Integer, default=1)
