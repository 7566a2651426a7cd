"""Person 居民: a member of a household. ID number and phone are stored encrypted, with a keyed
hash (blind index) for exact lookup; `PersonSearchKey` holds the name's search keys."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from shouhu_common.clock import utc_now
from shouhu_common.database import UUID, UTCDateTime, new_id

# Search keys are compared by code point (prefix = range scan), so PostgreSQL must not apply a
# linguistic collation to them; SQLite compares bytes (BINARY) already.
SEARCH_KEY = String(64).with_variant(String(64, collation="C"), "postgresql")


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (Index("ix_person_community_name", "community_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("community.id"), index=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    relation: Mapped[str] = mapped_column(String(20), default="户主")
    id_number_enc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    id_number_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    lives_alone: Mapped[bool] = mapped_column(Boolean, default=False)
    chronic_illness: Mapped[bool] = mapped_column(Boolean, default=False)
    disability: Mapped[bool] = mapped_column(Boolean, default=False)
    pregnant: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class PersonSearchKey(Base):
    """One row per search key of a person's name: every suffix of the name in characters (so a
    substring search is a prefix search) and, for every reading of every character, the pinyin
    initials (`zs`) and the full pinyin (`zhangsan`). Written with the person; a search is a
    range scan of the primary key (community_id, key, …), never a leading-wildcard LIKE.

    The primary key is the search index itself (on SQLite a WITHOUT ROWID table: one B-tree,
    not three), which keeps a 100,000-person import's ~600,000 keys cheap to write."""

    __tablename__ = "person_search_key"
    __table_args__ = ({"sqlite_with_rowid": False},)

    community_id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True)
    key: Mapped[str] = mapped_column(SEARCH_KEY, primary_key=True)
    # No foreign key: keys are derived data, deleted with their person by the repository, and a
    # per-row constraint check would double the cost of an import's ~600,000 key rows.
    person_id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, index=True)
