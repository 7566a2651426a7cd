"""Partner catalogs under the no-markup rule, reference prices approved by staff, price history."""

from __future__ import annotations

import httpx

from tests.conftest import Stack
from tests.supplies.builders import make_world, place, second_partner

NEW_ITEM = {"name": "土豆", "category": "vegetables", "unit": "斤", "price_fen": 200, "stock": 50}


class TestAddItem:
    async def test_partner_lists_an_item_pending_reference_approval(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        body = {**NEW_ITEM, "proposed_reference_price_fen": 220}
        response = await client.post("/api/v1/catalog/items", headers=world.partner, json=body)
        assert response.status_code == 201, response.text
        item = response.json()
        assert item["partner_id"] == str(world.partner_id)
        assert item["orderable"] is False
        assert item["not_orderable_reason"] == "reference_pending"

    async def test_staff_and_residents_may_not_add_items(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        for headers in (world.staff, world.resident):
            response = await client.post("/api/v1/catalog/items", headers=headers, json=NEW_ITEM)
            assert response.status_code == 403

    async def test_price_above_own_proposed_reference_is_refused(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        body = {**NEW_ITEM, "price_fen": 300, "proposed_reference_price_fen": 220}
        response = await client.post("/api/v1/catalog/items", headers=world.partner, json=body)
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/price-above-reference"
        assert "220" in response.json()["detail"]
        assert response.json()["reference_price_fen"] == 220

    async def test_absurd_prices_and_quantities_are_refused(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        for bad in ({"price_fen": -1}, {"price_fen": 0}, {"price_fen": 10**9}, {"stock": -5}):
            response = await client.post(
                "/api/v1/catalog/items", headers=world.partner, json={**NEW_ITEM, **bad}
            )
            assert response.status_code == 422, bad
        listed = await client.get("/api/v1/catalog/items", headers=world.partner)
        assert listed.json()["total"] == 2

    async def test_a_retried_add_with_the_same_key_makes_one_item(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        headers = {**world.partner, "Idempotency-Key": "add-potato-1"}
        first = await client.post("/api/v1/catalog/items", headers=headers, json=NEW_ITEM)
        again = await client.post("/api/v1/catalog/items", headers=headers, json=NEW_ITEM)
        assert first.status_code == again.status_code == 201
        assert first.json()["id"] == again.json()["id"]
        other = await client.post(
            "/api/v1/catalog/items", headers=headers, json={**NEW_ITEM, "name": "洋葱"}
        )
        assert other.status_code == 422
        assert other.json()["type"] == "/problems/idempotency-key-reused"

    async def test_duplicate_name_is_a_conflict(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        body = {**NEW_ITEM, "name": "大白菜"}
        response = await client.post("/api/v1/catalog/items", headers=world.partner, json=body)
        assert response.status_code == 409


class TestNoMarkup:
    async def test_price_above_reference_is_refused_naming_the_reference(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        url = f"/api/v1/catalog/items/{world.items[0]}"
        response = await client.patch(url, headers=world.partner, json={"price_fen": 151})
        assert response.status_code == 422
        problem = response.json()
        assert problem["type"] == "/problems/price-above-reference"
        assert "¥1.50" in problem["detail"]
        assert problem["reference_price_fen"] == 150
        assert (await client.get(url, headers=world.partner)).json()["price_fen"] == 150

    async def test_price_at_or_below_reference_is_accepted_and_kept_in_history(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        url = f"/api/v1/catalog/items/{world.items[0]}"
        response = await client.patch(url, headers=world.partner, json={"price_fen": 120})
        assert response.status_code == 200
        assert response.json()["price_fen"] == 120
        history = await client.get(f"{url}/price-history", headers=world.staff)
        assert [(c["kind"], c["old_fen"], c["new_fen"]) for c in history.json()] == [
            ("price", 150, 120)
        ]

    async def test_staff_approve_a_new_reference_with_a_reason(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        url = f"/api/v1/catalog/items/{world.items[0]}"
        body = {"reference_price_fen": 180, "reason": "物价局核定的节前价格"}
        response = await client.put(f"{url}/reference-price", headers=world.staff, json=body)
        assert response.status_code == 200
        assert response.json()["reference_price_fen"] == 180
        raised = await client.patch(url, headers=world.partner, json={"price_fen": 180})
        assert raised.status_code == 200
        history = (await client.get(f"{url}/price-history", headers=world.partner)).json()
        assert history[-2]["kind"] == "reference"
        assert history[-2]["reason"] == "物价局核定的节前价格"

    async def test_reference_needs_a_reason_and_staff(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        url = f"/api/v1/catalog/items/{world.items[0]}/reference-price"
        no_reason = await client.put(url, headers=world.staff, json={"reference_price_fen": 180})
        assert no_reason.status_code == 422
        body = {"reference_price_fen": 999, "reason": "自己批准"}
        assert (await client.put(url, headers=world.partner, json=body)).status_code == 403
        assert (await client.put(url, headers=world.resident, json=body)).status_code == 403

    async def test_lower_reference_makes_a_priced_item_not_orderable(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        url = f"/api/v1/catalog/items/{world.items[0]}"
        body = {"reference_price_fen": 100, "reason": "核价下调"}
        item = (await client.put(f"{url}/reference-price", headers=world.staff, json=body)).json()
        assert item["orderable"] is False
        assert item["not_orderable_reason"] == "price_above_reference"


class TestStock:
    async def test_out_of_stock_items_are_flagged(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        url = f"/api/v1/catalog/items/{world.items[0]}"
        item = (await client.patch(url, headers=world.partner, json={"stock": 0})).json()
        assert item["not_orderable_reason"] == "out_of_stock"
        orderable = await client.get(
            "/api/v1/catalog/items", headers=world.resident, params={"orderable": "true"}
        )
        assert [i["name"] for i in orderable.json()["items"]] == ["鸡蛋"]


class TestPartnerIsolation:
    async def test_another_partners_items_are_not_found(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        _, other = await second_partner(stack, world)
        url = f"/api/v1/catalog/items/{world.items[0]}"
        assert (await client.get(url, headers=other)).status_code == 404
        assert (await client.patch(url, headers=other, json={"stock": 1})).status_code == 404
        assert (await client.get(f"{url}/price-history", headers=other)).status_code == 404
        listed = await client.get(
            "/api/v1/catalog/items", headers=other, params={"partner_id": str(world.partner_id)}
        )
        assert listed.json()["total"] == 0

    async def test_staff_of_another_community_do_not_see_the_items(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        elsewhere = await make_world(client, stack)
        url = f"/api/v1/catalog/items/{world.items[0]}"
        assert (await client.get(url, headers=elsewhere.staff)).status_code == 404
        body = {"reference_price_fen": 1, "reason": "越权"}
        response = await client.put(f"{url}/reference-price", headers=elsewhere.staff, json=body)
        assert response.status_code == 404


class TestStockAdjustments:
    async def test_a_difference_keeps_what_orders_took_and_a_retry_counts_once(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        item = f"/api/v1/catalog/items/{world.items[0]}"
        assert (await place(client, world, quantity=3)).status_code == 201
        assert (await client.get(item, headers=world.partner)).json()["stock"] == 97
        arrived = {"change": 20, "reason": "下午到货"}
        once = {**world.partner, "Idempotency-Key": "arrival-0207-pm"}
        for _ in range(2):  # the first answer was lost: the client sends it again
            response = await client.post(f"{item}/stock-adjustments", headers=once, json=arrived)
            assert response.status_code == 200, response.text
            assert response.json()["stock"] == 117
        too_many = await client.post(
            f"{item}/stock-adjustments", headers=world.partner, json={"change": -200}
        )
        assert too_many.status_code == 409
        assert too_many.json()["stock"] == 117
        zero = await client.post(
            f"{item}/stock-adjustments", headers=world.partner, json={"change": 0}
        )
        assert zero.status_code == 422
        assert (await client.get(item, headers=world.partner)).json()["stock"] == 117

    async def test_only_the_items_partner_adjusts_it(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        _, other = await second_partner(stack, world)
        url = f"/api/v1/catalog/items/{world.items[0]}/stock-adjustments"
        assert (await client.post(url, headers=other, json={"change": 5})).status_code == 404
        assert (await client.post(url, headers=world.staff, json={"change": 5})).status_code == 403
