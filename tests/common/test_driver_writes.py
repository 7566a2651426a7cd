"""What the driver-level stores share (shouhu_common.driver_writes): rows built from a model's
columns, and which databases a store writes through."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import Boolean, Integer, MetaData, String, Table
from sqlalchemy import Column as C
from sqlalchemy.ext.asyncio import create_async_engine

from shouhu_common.database import UUID, UTCDateTime, new_id
from shouhu_common.driver_writes import UnsupportedDatabase, pg_values, store_driver, table_row

PARCEL = Table(
    "parcel",
    MetaData(),
    C("id", UUID, primary_key=True, default=new_id),
    C("label", String(20), nullable=False),
    C("count", Integer, default=0),
    C("fragile", Boolean, default=False),
    C("note", String(50), nullable=True),
    C("sent_at", UTCDateTime, nullable=True),
)


class TestTableRow:
    def test_given_values_then_defaults_then_null(self) -> None:
        row = table_row(PARCEL, label="rice")
        assert isinstance(row["id"], uuid.UUID)
        assert row == {**row, "label": "rice", "count": 0, "fragile": False, "note": None}
        assert list(row) == [c.name for c in PARCEL.c]

    def test_an_unknown_name_or_a_required_column_left_out_is_an_error(self) -> None:
        with pytest.raises(KeyError, match="no column colour"):
            table_row(PARCEL, label="rice", colour="red")
        with pytest.raises(KeyError, match=r"parcel\.label needs a value"):
            table_row(PARCEL, count=2)


class TestDrivers:
    def test_a_sqlite_file_or_asyncpg_and_nothing_else(self, tmp_path: Path) -> None:
        assert store_driver(create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")) == (
            "sqlite"
        )
        with pytest.raises(UnsupportedDatabase, match="must be a file"):
            store_driver(create_async_engine("sqlite+aiosqlite:///:memory:"))

    def test_postgres_types_of_the_columns(self) -> None:
        assert pg_values(PARCEL, 3) == (
            "$3::uuid, $4::text, $5::bigint, $6::boolean, $7::text, $8::timestamptz"
        )
        assert pg_values(PARCEL, 1, arrays=True).startswith("unnest($1::uuid[], $2::text[]")
