"""A `DriverSelect` reads exactly what the session reads: each column converted by the result
processor SQLAlchemy uses, UUIDs as canonical strings on SQLite (or `uuid.UUID` when asked), on
SQLite and PostgreSQL alike. This is the equivalence the household file, the partner feed, pick
lists and order placement rely on when they skip the session."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import bindparam, select

from registry.residents.households.models import Household
from registry.residents.people.models import Person
from shouhu_common.driver_reads import DriverSelect
from tests.builders import make_community
from tests.conftest import Stack

STATEMENT = (
    select(*Person.__table__.c, Household.status, Household.floor, Household.created_at)
    .join(Household, Household.id == Person.household_id)
    .where(Person.community_id == bindparam("community_id"))
    .order_by(Person.id)
)


def _canonical(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(str(v) if isinstance(v, uuid.UUID) else v for v in row)


async def test_driver_rows_equal_session_rows(client: httpx.AsyncClient, stack: Stack) -> None:
    """(`client` empties the tables after the test.)"""
    tree = await make_community(stack, households=3)
    async with stack.registry.state.sessionmaker() as session:
        expected = [
            tuple(r)
            for r in (await session.execute(STATEMENT, {"community_id": tree.community_id})).all()
        ]
        plain = await DriverSelect(STATEMENT).rows(session, community_id=tree.community_id)
        typed = await DriverSelect(STATEMENT, uuid_objects=True).rows(
            session, community_id=tree.community_id
        )
    assert len(expected) >= 3
    assert typed == expected
    assert [_canonical(r) for r in plain] == [_canonical(r) for r in expected]
