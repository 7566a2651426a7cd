"""Builders for the quarantine tests: members, grid workers with buildings, the outbox, times."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import select

from registry.events import OUTBOX
from registry.residents.assignments.models import GridAssignment
from registry.residents.people.models import Person
from tests.builders import make_user, sign_in
from tests.conftest import Stack

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> date:
    return datetime.now(SHANGHAI).date()


def last_morning() -> datetime:
    """08:00 Shanghai today, or yesterday when it is not 08:00 yet: a morning check in the past."""
    now = datetime.now(SHANGHAI)
    morning = now.replace(hour=8, minute=0, second=0, microsecond=0)
    return morning if morning <= now else morning - timedelta(days=1)


async def add_member(stack: Stack, household_id: uuid.UUID, name: str) -> uuid.UUID:
    async with stack.registry.state.sessionmaker() as session:
        head = (
            await session.scalars(select(Person).where(Person.household_id == household_id))
        ).first()
        assert head is not None
        person = Person(
            community_id=head.community_id, household_id=household_id, name=name, relation="配偶"
        )
        session.add(person)
        await session.commit()
        return person.id


async def member_ids(stack: Stack, household_id: uuid.UUID) -> list[uuid.UUID]:
    async with stack.registry.state.sessionmaker() as session:
        query = (
            select(Person.id)
            .where(Person.household_id == household_id)
            .order_by(Person.created_at, Person.id)
        )
        return list((await session.scalars(query)).all())


async def grid_worker(
    client: httpx.AsyncClient,
    stack: Stack,
    community_id: uuid.UUID,
    building_ids: list[uuid.UUID],
) -> dict[str, str]:
    """A signed-in grid worker assigned to `building_ids`."""
    user = await make_user(stack, f"grid-{uuid.uuid4().hex[:6]}", "grid_worker", [community_id])
    async with stack.registry.state.sessionmaker() as session:
        session.add_all(
            GridAssignment(community_id=community_id, subject=f"user:{user.id}", building_id=b)
            for b in building_ids
        )
        await session.commit()
    return {"Authorization": f"Bearer {await sign_in(client, user.username)}"}


async def outbox_events(stack: Stack) -> list[dict[str, Any]]:
    async with stack.registry.state.engine.connect() as conn:
        rows = await conn.execute(select(OUTBOX.outbox).order_by(OUTBOX.outbox.c.seq))
        return [dict(r._mapping) for r in rows]


def quarantine_order(household_id: uuid.UUID, **fields: Any) -> dict[str, Any]:
    """A request body to start a quarantine: a fresh client id and a reason code."""
    return {
        "client_id": str(uuid.uuid4()),
        "household_id": str(household_id),
        "reason_code": "close_contact",
        **fields,
    }


async def start_quarantine(
    client: httpx.AsyncClient, headers: dict[str, str], household_id: uuid.UUID, **fields: Any
) -> httpx.Response:
    body = quarantine_order(household_id, **fields)
    return await client.post("/api/v1/quarantines", headers=headers, json=body)
