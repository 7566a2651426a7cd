"""The end-of-emergency purge takes the testing rounds with it: plans, tubes, swabs, results,
re-tests and watched buildings; the final export lists the swabs with their results."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import func, select

from registry.health.sampling.models import SampleRegistration, SampleTube
from registry.health.test_results.models import RetestEntry, WatchedBuilding
from registry.health.testing_rounds import models as planning
from tests.builders import headers_for
from tests.conftest import Stack
from tests.registry.access.gates.builders import make_gate_world
from tests.registry.health.test_results.rounds import (
    csv_sheet,
    import_sheet,
    make_round,
    ok,
    people_of,
    swab,
)
from tests.registry.oversight.health_data.builders import PURGES, export, purge_body

ROUND_TABLES: dict[str, Any] = {
    "testing_round": planning.TestingRound,
    "sampling_point": planning.SamplingPoint,
    "sample_tube": SampleTube,
    "sample_registration": SampleRegistration,
    "retest_entry": RetestEntry,
    "watched_building": WatchedBuilding,
}


async def _counts(stack: Stack, community_id: uuid.UUID) -> dict[str, int]:
    async with stack.registry.state.sessionmaker() as session:
        return {
            name: int(
                (
                    await session.execute(
                        select(func.count()).where(model.community_id == community_id)
                    )
                ).scalar_one()
            )
            for name, model in ROUND_TABLES.items()
        }


async def test_purge_removes_the_rounds(client: httpx.AsyncClient, stack: Stack) -> None:
    gates = await make_gate_world(client, stack, households=2)
    world = await make_round(stack, gates.tree)
    people = [(await people_of(stack, h))[0] for h in gates.tree.household_ids]
    await swab(stack, world, "P1", people)
    await ok(await import_sheet(client, gates.staff, world, csv_sheet([("P1", "阳性")])))
    before = await _counts(stack, world.community_id)
    assert before == {
        "testing_round": 1,
        "sampling_point": 1,
        "sample_tube": 1,
        "sample_registration": 2,
        "retest_entry": 2,
        "watched_building": 1,
    }
    admin = await headers_for(client, stack, "admin")
    export_id, sheets = await export(client, admin, world.community_id)
    assert [row[3:5] + row[8:9] for row in sheets["核酸采样"][1:]] == [
        ["P1", "否", "positive"],
        ["P1", "否", "positive"],
    ]
    purged = await ok(
        await client.post(PURGES, headers=admin, json=purge_body(gates, export_id)), 201
    )
    assert {k: purged["counts"][k] for k in ROUND_TABLES} == before
    assert await _counts(stack, world.community_id) == dict.fromkeys(ROUND_TABLES, 0)
