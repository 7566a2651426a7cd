"""The purge waits for every insurance card and record book to be back with its owner: while one
is out it is refused with whose it is and who holds it, and nothing is deleted."""

from __future__ import annotations

import httpx

from tests.builders import headers_for
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import member_ids
from tests.registry.operations.medicine.builders import MEDICINE, hand, roster_worker
from tests.registry.oversight.health_data.builders import (
    PURGES,
    export,
    health_world,
    ok,
    purge_body,
    row_counts,
)


async def test_a_card_still_out_refuses_the_purge_until_it_is_returned(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await health_world(client, stack, name="枫林社区")
    admin = await headers_for(client, stack, "admin")
    owner = (await member_ids(stack, world.tree.household_ids[0]))[0]
    worker_id, phone = await roster_worker(client, stack, world.staff, world.community_id, "赵书记")
    card = await ok(await hand(client, world.staff, owner, worker_id), 201)
    export_id, _ = await export(client, admin, world.community_id)
    before = await row_counts(stack, world.community_id)

    body = purge_body(world, export_id, confirm="枫林社区")
    refused = await client.post(PURGES, headers=admin, json=body)
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["type"].endswith("/purge-cards-still-out")
    assert refused.json()["detail"] == "张0的医保卡在赵书记处"
    assert await row_counts(stack, world.community_id) == before

    await ok(await client.post(f"{MEDICINE}/custody/{card['id']}/confirm", headers=phone))
    await ok(await hand(client, phone, owner, None), 201)
    export_id, _ = await export(client, admin, world.community_id)
    body = purge_body(world, export_id, confirm="枫林社区")
    purged = await ok(await client.post(PURGES, headers=admin, json=body), 201)
    assert purged["counts"]["custody_handover"] == 4
    assert (await row_counts(stack, world.community_id))["custody_handover"] == 0
