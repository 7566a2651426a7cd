"""The migration that names whom audit events concern fills it for events written before it."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from registry.models import Base
from shouhu_common.database import make_engine
from shouhu_common.driver_writes import table_row
from shouhu_common.migrations import alembic_config
from tests.databases import ALEMBIC_INI, SuiteDatabases

NEW_COLUMNS = ("community_id", "household_id", "person_id")
LATER_COLUMNS = ("reason_code",)  # added by later migrations: not there at r0016


def _row(table: str, **values: Any) -> tuple[str, dict[str, Any]]:
    row = table_row(Base.metadata.tables[table], **values)
    if table == "audit_event":
        for name in NEW_COLUMNS + LATER_COLUMNS:
            del row[name]
    return table, row


async def _write_then_read(url: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            for name, row in rows:
                typed = Base.metadata.tables[name].c
                old = sa.table(name, *(sa.column(key, typed[key].type) for key in row))
                await conn.execute(sa.insert(old).values(row))
    finally:
        await engine.dispose()


async def _subjects(url: str) -> dict[str, tuple[Any, ...]]:
    engine = make_engine(url)
    audit = Base.metadata.tables["audit_event"]
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                sa.select(audit.c.reason, *(audit.c[name] for name in NEW_COLUMNS))
            )
            return {r[0]: tuple(r[1:]) for r in rows.all()}
    finally:
        await engine.dispose()


def test_events_written_before_name_their_community_household_and_person(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    dbs = SuiteDatabases(tmp_path_factory.mktemp("audit"), "auditmig")
    try:
        url = dbs.urls["registry"]
        config = alembic_config(ALEMBIC_INI["registry"], url)
        command.downgrade(config, "r0016_testing_rounds")
        community, compound, building, household, person = (uuid.uuid4() for _ in range(5))
        c = {"community_id": community}
        event = {"actor": "user:1", "role": "staff", "action": "reveal_personal_data"}
        rows = [
            _row("community", id=community, name="社区"),
            _row("compound", id=compound, **c, name="东苑"),
            _row("building", id=building, **c, compound_id=compound, name="1栋"),
            _row("household", id=household, **c, building_id=building, floor=1, room="101",
                 card_number="H0001"),
            _row("person", id=person, **c, household_id=household, name="李四"),
            _row("audit_event", **event, target_type="person", target_id=str(person),
                 reason="person"),
            _row("audit_event", **event, target_type="household", target_id=str(household),
                 reason="household"),
            _row("audit_event", **event, target_type="community", target_id=str(community),
                 reason="community"),
            _row("audit_event", **event, target_type="worker", target_id=str(uuid.uuid4()),
                 reason="worker"),
            _row("audit_event", **event, target_type="person", target_id="not-an-id",
                 reason="broken"),
        ]  # fmt: skip
        asyncio.run(_write_then_read(url, rows))
        command.upgrade(config, "head")
        assert asyncio.run(_subjects(url)) == {
            "person": (community, household, person),
            "household": (community, household, None),
            "community": (community, None, None),
            "worker": (None, None, None),
            "broken": (None, None, None),
        }
    finally:
        dbs.drop()
