"""Every change of grid assignments publishes each named worker's whole new area
(`grid.area_changed`) in its transaction; a refused change publishes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import select

from registry.events import OUTBOX
from tests.builders import headers_for, make_community
from tests.conftest import Stack
from tests.registry.residents.assignments.builders import grid_account, make_tower

A = "/api/v1/assignments"


async def area_events(stack: Stack) -> list[tuple[str, dict[str, Any]]]:
    outbox = OUTBOX.outbox
    async with stack.registry.state.engine.connect() as conn:
        query = select(outbox.c.key, outbox.c.payload).where(outbox.c.topic == "grid.area_changed")
        rows = await conn.execute(query.order_by(outbox.c.seq))
        return [(r.key, r.payload) for r in rows]


def area(building_id: uuid.UUID, low: int | None = None, high: int | None = None) -> dict[str, Any]:
    return {"building_id": str(building_id), "floor_from": low, "floor_to": high}


class TestAreaEvents:
    async def test_each_named_worker_gets_their_whole_area_and_refusals_publish_nothing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        tree = await make_community(stack, households=2)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        tower = await make_tower(stack, tree.community_id, "8栋", floors=6, per_floor=1)
        a, _ = await grid_account(client, stack, tree.community_id)
        b, _ = await grid_account(client, stack, tree.community_id)
        body = {
            "community_id": str(tree.community_id),
            "building_ids": [str(tree.building_id), str(tower.building_id)],
        }
        assert (await client.put(f"{A}/{a}", headers=staff, json=body)).status_code == 200
        community = str(tree.community_id)
        assert await area_events(stack) == [
            (
                a,
                {
                    "subject": a,
                    "community_id": community,
                    "areas": sorted(
                        [area(tree.building_id), area(tower.building_id)],
                        key=lambda x: x["building_id"],
                    ),
                },
            )
        ]
        gap = {"community_id": community, "building_ids": []}
        assert (await client.put(f"{A}/{a}", headers=staff, json=gap)).status_code == 409
        assert len(await area_events(stack)) == 1

        move = {
            "community_id": community,
            "workers": [
                {"subject": a, "building_ids": [str(tree.building_id)]},
                {"subject": b, "floors": [area(tower.building_id, 1, 6)]},
            ],
        }
        assert (await client.put(A, headers=staff, json=move)).status_code == 200
        events = await area_events(stack)
        assert events[1:] == [
            (a, {"subject": a, "community_id": community, "areas": [area(tree.building_id)]}),
            (
                b,
                {"subject": b, "community_id": community, "areas": [area(tower.building_id, 1, 6)]},
            ),
        ]
