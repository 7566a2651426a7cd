"""Placing orders: who may order for whom, stock, rounds, idempotency and bad input."""

from __future__ import annotations

import uuid

import httpx

from tests.conftest import Stack
from tests.supplies.builders import add_item, add_round, make_world, place, second_partner


async def item_stock(client: httpx.AsyncClient, headers: dict[str, str], item_id: uuid.UUID) -> int:
    response = await client.get(f"/api/v1/catalog/items/{item_id}", headers=headers)
    stock: int = response.json()["stock"]
    return stock


class TestPlaceOrder:
    async def test_resident_orders_for_own_household_at_catalog_price(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        response = await place(client, world, quantity=3)
        assert response.status_code == 201, response.text
        order = response.json()
        assert order["household_id"] == str(world.household_ids[0])
        assert order["status"] == "placed"
        assert order["delivery_mode"] == "gate"
        assert order["total_fen"] == 450
        assert order["on_behalf"] is False
        assert order["address"]["compound"] == "东苑"
        assert [e["status"] for e in order["timeline"]] == ["placed"]
        assert await item_stock(client, world.partner, world.items[0]) == 97

    async def test_staff_and_grid_workers_order_on_behalf(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        for headers, household in ((world.staff, 1), (world.grid, 2)):
            response = await place(
                client, world, headers, household_id=world.household_ids[household]
            )
            assert response.status_code == 201, response.text
            assert response.json()["on_behalf"] is True

    async def test_staff_record_an_unknown_household_address_with_the_order(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        household = uuid.uuid4()
        body = {
            "household_id": str(household),
            "partner_id": str(world.partner_id),
            "round_id": str(world.round_id),
            "lines": [{"item_id": str(world.items[0]), "quantity": 1}],
        }
        missing = await client.post("/api/v1/orders", headers=world.staff, json=body)
        assert missing.status_code == 409
        assert missing.json()["type"] == "/problems/household-address-unknown"
        address = {"compound": "西苑", "building": "2栋", "unit": 1, "floor": 6, "room": "601"}
        response = await client.post(
            "/api/v1/orders", headers=world.staff, json={**body, "address": address}
        )
        assert response.status_code == 201
        assert response.json()["address"] == address

    async def test_a_resident_cannot_order_for_another_household(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        response = await place(client, world, household_id=world.household_ids[1])
        assert response.status_code == 404
        assert (await client.get("/api/v1/orders", headers=world.staff)).json()["total"] == 0

    async def test_partners_and_officers_cannot_place_orders(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        response = await place(client, world, world.partner, household_id=world.household_ids[0])
        assert response.status_code == 403

    async def test_retried_order_with_the_same_key_is_placed_once(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        first = await place(client, world, key="phone-retry-1")
        again = await place(client, world, key="phone-retry-1")
        assert first.status_code == again.status_code == 201
        assert first.json()["id"] == again.json()["id"]
        assert (await client.get("/api/v1/orders", headers=world.resident)).json()["total"] == 1
        assert await item_stock(client, world.partner, world.items[0]) == 98

    async def test_bad_lines_are_refused_and_change_nothing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        other_partner, _ = await second_partner(stack, world)
        foreign = await add_item(stack, other_partner, world.community_id, "外家白菜")
        base = {"partner_id": str(world.partner_id), "round_id": str(world.round_id)}
        await client.patch(
            f"/api/v1/catalog/items/{world.items[1]}", headers=world.partner, json={"stock": 5}
        )
        cases = {
            "negative": ([{"item_id": str(world.items[0]), "quantity": -1}], 422),
            "absurd": ([{"item_id": str(world.items[0]), "quantity": 100000}], 422),
            "none": ([], 422),
            "unknown item": ([{"item_id": str(uuid.uuid4()), "quantity": 1}], 422),
            "other partner's item": ([{"item_id": str(foreign), "quantity": 1}], 422),
            "duplicate": ([{"item_id": str(world.items[0]), "quantity": 1}] * 2, 422),
            "more than stock": (
                [
                    {"item_id": str(world.items[0]), "quantity": 3},
                    {"item_id": str(world.items[1]), "quantity": 6},
                ],
                409,
            ),
        }
        for name, (lines, expected) in cases.items():
            response = await client.post(
                "/api/v1/orders", headers=world.resident, json={**base, "lines": lines}
            )
            assert response.status_code == expected, (name, response.text)
        assert (await client.get("/api/v1/orders", headers=world.staff)).json()["total"] == 0
        assert await item_stock(client, world.partner, world.items[0]) == 100

    async def test_an_out_of_stock_item_cannot_be_ordered(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        url = f"/api/v1/catalog/items/{world.items[0]}"
        await client.patch(url, headers=world.partner, json={"stock": 0})
        response = await place(client, world)
        assert response.status_code == 409
        assert response.json()["type"] == "/problems/item-out-of-stock"

    async def test_an_item_without_approved_reference_cannot_be_ordered(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        world.items[0] = await add_item(
            stack, world.partner_id, world.community_id, "新品", reference_fen=None
        )
        response = await place(client, world)
        assert response.status_code == 409
        assert response.json()["type"] == "/problems/item-not-orderable"


class TestRounds:
    async def test_a_closed_round_is_refused_with_the_next_one(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        closed = await add_round(stack, world.community_id, hours_ahead=1, cutoff_hours=2)
        response = await place(client, world, round_id=closed)
        assert response.status_code == 409
        problem = response.json()
        assert problem["type"] == "/problems/delivery-round-closed"
        assert problem["next_round"]["id"] == str(world.round_id)

    async def test_a_full_round_is_refused_with_the_next_available(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        small = await add_round(stack, world.community_id, hours_ahead=3, capacity=1)
        assert (await place(client, world, round_id=small)).status_code == 201
        response = await place(client, world, round_id=small)
        assert response.status_code == 409
        assert response.json()["type"] == "/problems/delivery-round-full"
        assert response.json()["next_round"]["id"] == str(world.round_id)

    async def test_a_cancelled_order_frees_its_place(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        small = await add_round(stack, world.community_id, hours_ahead=3, capacity=1)
        first = (await place(client, world, round_id=small)).json()
        await client.post(f"/api/v1/orders/{first['id']}/cancel", headers=world.resident, json={})
        assert (await place(client, world, round_id=small)).status_code == 201

    async def test_staff_open_the_default_rounds_of_a_day(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        body = {"community_id": str(world.community_id), "first_date": "2030-01-02", "days": 2}
        response = await client.post(
            "/api/v1/delivery-rounds/schedule", headers=world.staff, json=body
        )
        assert response.status_code == 200, response.text
        rounds = response.json()
        assert [(r["delivery_date"], r["local_time"]) for r in rounds] == [
            ("2030-01-02", "10:00"),
            ("2030-01-02", "16:00"),
            ("2030-01-03", "10:00"),
            ("2030-01-03", "16:00"),
        ]
        assert rounds[0]["delivers_at"].startswith("2030-01-02T02:00:00")
        assert rounds[0]["cutoff_at"].startswith("2030-01-02T00:00:00")
        again = await client.post(
            "/api/v1/delivery-rounds/schedule", headers=world.staff, json=body
        )
        assert [r["id"] for r in again.json()] == [r["id"] for r in rounds]
        refused = await client.post(
            "/api/v1/delivery-rounds/schedule", headers=world.resident, json=body
        )
        assert refused.status_code == 403

    async def test_partner_sees_its_load_per_round(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        await place(client, world)
        rounds = await client.get(
            f"/api/v1/delivery-rounds/{world.round_id}", headers=world.partner
        )
        assert rounds.json()["partner_orders"] == 1
        assert rounds.json()["partner_remaining"] == 99

    async def test_staff_close_a_round(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_world(client, stack)
        url = f"/api/v1/delivery-rounds/{world.round_id}"
        closed = await client.patch(url, headers=world.staff, json={"closed": True})
        assert closed.json()["status"] == "closed"
        response = await place(client, world)
        assert response.status_code == 409
        assert response.json()["next_round"] is None
