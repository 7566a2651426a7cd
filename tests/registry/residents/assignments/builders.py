"""Builders for the grid-assignment tests: a building with households on every floor, and grid
workers with their subjects."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import httpx
from sqlalchemy import select

from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from tests.builders import make_user, sign_in
from tests.conftest import Stack


@dataclass
class Tower:
    building_id: uuid.UUID
    by_floor: dict[int, list[uuid.UUID]] = field(default_factory=dict)


async def make_tower(
    stack: Stack, community_id: uuid.UUID, name: str, floors: int = 6, per_floor: int = 2
) -> Tower:
    async with stack.registry.state.sessionmaker() as session:
        compound = (
            await session.scalars(select(Compound).where(Compound.community_id == community_id))
        ).first()
        assert compound is not None
        building = Building(
            community_id=community_id, compound_id=compound.id, name=name, floors=floors
        )
        session.add(building)
        await session.flush()
        tower = Tower(building.id)
        for floor in range(1, floors + 1):
            for door in range(1, per_floor + 1):
                household = Household(
                    id=uuid.uuid4(),
                    community_id=community_id,
                    building_id=building.id,
                    unit=1,
                    floor=floor,
                    room=f"{floor}{door:02d}",
                    card_number=f"T{uuid.uuid4().hex[:10]}",
                )
                session.add(household)
                tower.by_floor.setdefault(floor, []).append(household.id)
        await session.commit()
    return tower


async def grid_account(
    client: httpx.AsyncClient, stack: Stack, community_id: uuid.UUID
) -> tuple[str, dict[str, str]]:
    """A signed-in grid worker with no buildings yet: (subject, headers)."""
    user = await make_user(stack, f"grid-{uuid.uuid4().hex[:6]}", "grid_worker", [community_id])
    return f"user:{user.id}", {"Authorization": f"Bearer {await sign_in(client, user.username)}"}
