"""The webhook event catalogue: every change a partner must act on reaches its receiver, signed,
and the catalogue in code, the OpenAPI, the partner guide and the README list the same events."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import httpx

from supplies.webhooks.events import CATALOGUE, WebhookEvent
from tests.conftest import Stack
from tests.supplies.builders import World, make_world, place
from tests.supplies.test_door_deliveries import advance, household_event
from tests.supplies.test_webhooks import Receiver, dispatch, register

ROOT = Path(__file__).resolve().parents[2]


def received(receiver: Receiver, secret: str) -> list[dict[str, Any]]:
    """The bodies the receiver got, each checked against its signature."""
    bodies = []
    for request in receiver.requests:
        fields = request.headers["x-shouhu-signature"].split(",")
        t = fields[0].removeprefix("t=")
        mac = hmac.new(secret.encode(), f"{t}.".encode() + request.content, hashlib.sha256)
        assert f"v1={mac.hexdigest()}" in fields[1:]
        body = json.loads(request.content)
        assert request.headers["x-shouhu-event"] == body["type"]
        bodies.append(body)
    return bodies


async def drain(stack: Stack, world: World, secret: str) -> list[dict[str, Any]]:
    receiver = Receiver()
    while await dispatch(stack, receiver):
        pass
    return received(receiver, secret)


class TestEveryChangeIsSent:
    async def test_staff_cancellation_quarantine_shortage_hand_over_and_group_buy_are_sent(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        secret = (await register(client, world)).json()["secret"]
        dropped = (await place(client, world)).json()["id"]
        cancelled = await client.post(
            f"/api/v1/orders/{dropped}/cancel", headers=world.staff, json={"reason": "重复下单"}
        )
        assert cancelled.status_code == 200, cancelled.text
        order = (await place(client, world)).json()["id"]
        assert await household_event(stack, world, "household.quarantined")
        await advance(client, world, order, "accepted")
        line = (await client.get(f"/api/v1/orders/{order}", headers=world.partner)).json()
        shortage = {"line_id": line["lines"][0]["id"], "kind": "missing", "quantity": 1}
        reported = await client.post(
            f"/api/v1/orders/{order}/shortages",
            headers=world.partner,
            json={"lines": [{**shortage, "refunded_fen": 150}]},
        )
        assert reported.status_code == 200, reported.text
        await advance(client, world, order, "packed", "out_for_delivery")
        handed = await client.post(f"/api/v1/orders/{order}/hand-over", headers=world.grid, json={})
        assert handed.status_code == 200, handed.text
        await place(client, world)
        combined = await client.post(
            "/api/v1/group-buys", headers=world.staff, json={"round_id": str(world.round_id)}
        )
        assert combined.status_code in (200, 201), combined.text

        bodies = await drain(stack, world, secret)
        assert sorted(b["type"] for b in bodies) == sorted(
            [
                "order.placed",
                "order.cancelled",
                "order.placed",
                "order.delivery_mode_changed",
                "order.status_changed",
                "order.shortage_reported",
                "order.status_changed",
                "order.status_changed",
                "order.handed_over",
                "order.placed",
                "group_buy.combined",
            ]
        )
        by_type = {b["type"]: b["data"] for b in bodies}
        assert by_type["order.cancelled"]["reason"] == "重复下单"
        assert by_type["order.cancelled"]["status"] == "cancelled"
        moved = by_type["order.delivery_mode_changed"]
        assert (moved["id"], moved["delivery_mode"]) == (order, "door")
        assert moved["door_reason"]
        assert by_type["order.shortage_reported"]["refunded_fen"] == 150
        assert by_type["order.handed_over"]["status"] == "delivered_door"
        assert by_type["group_buy.combined"]["partner_id"] == str(world.partner_id)
        assert len({b["id"] for b in bodies}) == len(bodies)

    async def test_release_sends_the_order_back_to_the_gate(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        secret = (await register(client, world)).json()["secret"]
        assert await household_event(stack, world, "household.quarantined")
        order = (await place(client, world)).json()["id"]
        assert await household_event(stack, world, "household.released")
        bodies = await drain(stack, world, secret)
        assert {b["type"]: (b["data"]["id"], b["data"]["delivery_mode"]) for b in bodies} == {
            "order.placed": (order, "door"),
            "order.delivery_mode_changed": (order, "gate"),
        }


class TestCatalogueIsDocumented:
    async def test_openapi_guide_and_readme_name_every_event(
        self, client: httpx.AsyncClient
    ) -> None:
        spec = (await client.get("/openapi.json")).json()
        description = spec["paths"]["/api/v1/webhooks"]["post"]["description"]
        guide = (ROOT / "docs/guides/supplies-and-partners.md").read_text()
        readme = (ROOT / "README.md").read_text()
        for event in WebhookEvent:
            assert f"`{event}`" in description, event
            assert f"`{event}`" in guide, event
            assert f"`{event}`" in readme, event
        assert set(CATALOGUE) == set(WebhookEvent)
