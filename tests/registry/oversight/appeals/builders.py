"""Builders for the appeals tests: a household under quarantine with its resident signed in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from registry.residents.communities.models import Building
from tests.conftest import Stack
from tests.registry.access.gates.builders import GateWorld, make_gate_world
from tests.registry.health.quarantines.builders import start_quarantine
from tests.supplies.builders import resident_headers

APPEALS = "/api/v1/appeals"
CHANGES = "/api/v1/status-changes"


@dataclass
class AppealWorld:
    world: GateWorld
    resident: dict[str, str]
    quarantine: dict[str, Any]

    @property
    def staff(self) -> dict[str, str]:
        return self.world.staff


async def appeal_world(client: httpx.AsyncClient, stack: Stack) -> AppealWorld:
    """Two households with passes; the first under a home quarantine (close contact)."""
    world = await make_gate_world(client, stack, households=2)
    household = world.tree.household_ids[0]
    started = await start_quarantine(
        client, world.staff, household, reason_code="close_contact", reason="与确诊者同乘电梯"
    )
    assert started.status_code == 201, started.text
    resident = await resident_headers(client, world.staff, household)
    return AppealWorld(world, resident, started.json())


def appeal_body(record_id: object, record_type: str = "quarantine", **fields: Any) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "record_type": record_type,
        "record_id": str(record_id),
        "text": "我们没有去过那部电梯，当天全家在外地",
        **fields,
    }


async def other_building(stack: Stack, community_id: uuid.UUID) -> uuid.UUID:
    async with stack.registry.state.sessionmaker() as session:
        first = (await session.execute(Building.__table__.select().limit(1))).first()
        assert first is not None
        building = Building(community_id=community_id, compound_id=first.compound_id, name="9栋")
        session.add(building)
        await session.commit()
        return building.id
