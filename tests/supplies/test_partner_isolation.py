"""A partner never sees or changes another partner's catalog, orders or webhooks: every partner
route answers 404 (not 403) for another partner's record, and lists only its own."""

from __future__ import annotations

import httpx

from supplies.partners.models import PartnerKind
from tests.builders import make_partner
from tests.conftest import Stack
from tests.supplies.builders import make_world, place, second_partner


class TestOrders:
    async def test_every_order_route_hides_another_partners_orders(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        _, other = await second_partner(stack, world)
        order = (await place(client, world)).json()
        url = f"/api/v1/orders/{order['id']}"
        line = order["lines"][0]["id"]
        assert (await client.get(url, headers=other)).status_code == 404
        for status in ("accepted", "rejected"):
            body = {"status": status, "reason": "抢单"}
            assert (await client.post(f"{url}/status", headers=other, json=body)).status_code == 404
        shortage = {
            "lines": [{"line_id": line, "kind": "missing", "quantity": 1, "refunded_fen": 0}]
        }
        assert (
            await client.post(f"{url}/shortages", headers=other, json=shortage)
        ).status_code == 404
        listed = await client.get(
            "/api/v1/orders", headers=other, params={"partner_id": str(world.partner_id)}
        )
        assert listed.json()["total"] == 0
        feed = await client.get("/api/v1/orders/feed", headers=other)
        assert feed.json()["items"] == []
        by_round = await client.get(
            "/api/v1/orders/feed", headers=other, params={"round_id": str(world.round_id)}
        )
        assert by_round.json()["items"] == []
        unchanged = await client.get(url, headers=world.partner)
        assert unchanged.json()["status"] == "placed"

    async def test_a_partner_cannot_order_from_another_partners_catalog(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        other_id, _ = await second_partner(stack, world)
        body = {
            "partner_id": str(other_id),
            "round_id": str(world.round_id),
            "lines": [{"item_id": str(world.items[0]), "quantity": 1}],
        }
        response = await client.post("/api/v1/orders", headers=world.resident, json=body)
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/item-not-in-catalog"

    async def test_a_partner_of_another_community_is_not_found(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        elsewhere = await make_world(client, stack)
        order = (await place(client, world)).json()
        url = f"/api/v1/orders/{order['id']}"
        assert (await client.get(url, headers=elsewhere.partner)).status_code == 404
        assert (await client.get(url, headers=elsewhere.staff)).status_code == 404
        round_url = f"/api/v1/delivery-rounds/{world.round_id}"
        assert (await client.get(round_url, headers=elsewhere.partner)).status_code == 404


async def test_a_resident_is_not_shown_a_lab_to_order_from(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    """A lab partner posts test results only: residents see the shops, staff see every partner."""
    world = await make_world(client, stack)
    lab = await make_partner(stack, world.community_id, "金域检验", PartnerKind.lab)
    shown = await client.get("/api/v1/partners", headers=world.resident)
    assert shown.status_code == 200, shown.text
    assert str(lab) not in {p["id"] for p in shown.json()}
    assert str(world.partner_id) in {p["id"] for p in shown.json()}
    listed = await client.get("/api/v1/partners", headers=world.staff)
    assert str(lab) in {p["id"] for p in listed.json()}
