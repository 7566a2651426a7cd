"""Builders for the shift tests: gates, local times in Asia/Shanghai, shifts made through the
API."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from registry.access.gates.models import Gate
from tests.conftest import Stack
from tests.registry.operations.workers.builders import Office

S = "/api/v1/shifts"
T = "/api/v1/shift-templates"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def today() -> date:
    return datetime.now(SHANGHAI).date()


def monday_in(weeks: int) -> date:
    """Monday of the local week `weeks` from now (a week with nothing else in it)."""
    start = today() - timedelta(days=today().weekday())
    return start + timedelta(weeks=weeks)


async def make_gate(stack: Stack, community_id: uuid.UUID, name: str = "东门") -> uuid.UUID:
    async with stack.registry.state.sessionmaker() as session:
        gate = Gate(community_id=community_id, name=name)
        session.add(gate)
        await session.commit()
        return gate.id


async def post_shift(
    client: httpx.AsyncClient,
    office: Office,
    gate_id: uuid.UUID,
    starts_at: datetime,
    ends_at: datetime,
    **fields: Any,
) -> httpx.Response:
    body = {
        "gate_id": str(gate_id),
        "starts_at": starts_at.isoformat(),
        "ends_at": ends_at.isoformat(),
        **fields,
    }
    return await client.post(S, headers=office.staff, json=body)


async def make_shift(
    client: httpx.AsyncClient,
    office: Office,
    gate_id: uuid.UUID,
    starts_at: datetime,
    ends_at: datetime,
    **fields: Any,
) -> dict[str, Any]:
    response = await post_shift(client, office, gate_id, starts_at, ends_at, **fields)
    assert response.status_code == 201, response.text
    shift: dict[str, Any] = response.json()
    return shift


async def put_on(
    client: httpx.AsyncClient, office: Office, shift_id: str, worker_id: str, **fields: Any
) -> httpx.Response:
    return await client.post(
        f"{S}/{shift_id}/assignments",
        headers=office.staff,
        json={"worker_id": worker_id, **fields},
    )
