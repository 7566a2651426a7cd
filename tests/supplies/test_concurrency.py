"""Rules that must hold when requests race: a round's capacity, the last units of stock, and a
double submission with one Idempotency-Key."""

from __future__ import annotations

import asyncio

import httpx

from tests.conftest import Stack
from tests.supplies.builders import add_item, add_round, make_world, place


class TestRaces:
    async def test_a_round_never_takes_more_than_its_capacity(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        small = await add_round(stack, world.community_id, hours_ahead=3, capacity=3)
        answers = await asyncio.gather(*(place(client, world, round_id=small) for _ in range(10)))
        assert sorted(r.status_code for r in answers) == [201] * 3 + [409] * 7
        round_ = await client.get(f"/api/v1/delivery-rounds/{small}", headers=world.partner)
        assert round_.json()["partner_orders"] == 3

    async def test_the_last_units_are_sold_once(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        world.items[0] = await add_item(
            stack, world.partner_id, world.community_id, "口罩", stock=4
        )
        answers = await asyncio.gather(*(place(client, world, quantity=2) for _ in range(6)))
        assert sorted(r.status_code for r in answers) == [201] * 2 + [409] * 4
        item = await client.get(f"/api/v1/catalog/items/{world.items[0]}", headers=world.partner)
        assert item.json()["stock"] == 0

    async def test_a_double_submission_makes_one_order(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        answers = await asyncio.gather(*(place(client, world, key="double-tap") for _ in range(4)))
        assert {r.status_code for r in answers} == {201}
        assert len({r.json()["id"] for r in answers}) == 1
        assert (await client.get("/api/v1/orders", headers=world.resident)).json()["total"] == 1
