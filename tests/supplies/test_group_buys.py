"""Group-buy: a round's orders combined per partner, summed per item, split back per household."""

from __future__ import annotations

import httpx

from tests.conftest import Stack
from tests.supplies.builders import add_item, make_world, place, second_partner


class TestGroupBuy:
    async def test_orders_are_combined_per_partner_and_split_back(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        other_id, other = await second_partner(stack, world)
        other_item = await add_item(stack, other_id, world.community_id, "牛奶")
        for n in range(3):
            await place(
                client, world, world.staff, household_id=world.household_ids[n], quantity=n + 1
            )
        body = {
            "household_id": str(world.household_ids[1]),
            "partner_id": str(other_id),
            "round_id": str(world.round_id),
            "lines": [{"item_id": str(other_item), "quantity": 4}],
        }
        assert (
            await client.post("/api/v1/orders", headers=world.staff, json=body)
        ).status_code == 201
        cancelled = (await place(client, world)).json()["id"]
        await client.post(f"/api/v1/orders/{cancelled}/cancel", headers=world.resident, json={})

        combined = await client.post(
            "/api/v1/group-buys", headers=world.staff, json={"round_id": str(world.round_id)}
        )
        assert combined.status_code == 200, combined.text
        by_partner = {g["partner_id"]: g for g in combined.json()}
        mine = by_partner[str(world.partner_id)]
        assert mine["orders"] == 3
        assert mine["total_fen"] == 6 * 150

        detail = await client.get(f"/api/v1/group-buys/{mine['id']}", headers=world.partner)
        assert detail.status_code == 200
        lines = detail.json()["lines"]
        assert [(ln["item_name"], ln["quantity"], ln["total_fen"]) for ln in lines] == [
            ("大白菜", 6, 900)
        ]
        shares = detail.json()["households"]
        assert sorted(s["lines"][0]["quantity"] for s in shares) == [1, 2, 3]

        late = (await place(client, world)).json()["id"]
        again = await client.post(
            "/api/v1/group-buys", headers=world.staff, json={"round_id": str(world.round_id)}
        )
        assert {g["id"] for g in again.json()} == {g["id"] for g in combined.json()}
        order = (await client.get(f"/api/v1/orders/{late}", headers=world.resident)).json()
        assert order["group_buy_id"] == mine["id"]

        assert (
            await client.get(f"/api/v1/group-buys/{mine['id']}", headers=other)
        ).status_code == 404
        listed = await client.get("/api/v1/group-buys", headers=other)
        assert [g["partner_id"] for g in listed.json()] == [str(other_id)]

    async def test_only_staff_combine(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_world(client, stack)
        body = {"round_id": str(world.round_id)}
        for headers in (world.partner, world.resident, world.grid):
            assert (
                await client.post("/api/v1/group-buys", headers=headers, json=body)
            ).status_code == 403
        elsewhere = await make_world(client, stack)
        response = await client.post("/api/v1/group-buys", headers=elsewhere.staff, json=body)
        assert response.status_code == 404
