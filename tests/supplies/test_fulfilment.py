"""The order status machine through the partner API, cancellation, shortages, the tracking
timeline and the partner feed."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Stack
from tests.supplies.builders import World, make_world, place

FORWARD = ("accepted", "packed", "out_for_delivery", "delivered_gate")


async def move(
    client: httpx.AsyncClient, world: World, order_id: str, status: str, **extra: Any
) -> httpx.Response:
    return await client.post(
        f"/api/v1/orders/{order_id}/status",
        headers={**world.partner, **extra.pop("headers", {})},
        json={"status": status, **extra},
    )


class TestStatusMachine:
    async def test_partner_moves_an_order_to_the_gate_and_the_timeline_shows_each_step(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        order_id = (await place(client, world)).json()["id"]
        for status in FORWARD:
            response = await move(client, world, order_id, status)
            assert response.status_code == 200, response.text
            assert response.json()["status"] == status
        tracked = await client.get(f"/api/v1/orders/{order_id}", headers=world.resident)
        timeline = tracked.json()["timeline"]
        assert [e["status"] for e in timeline] == ["placed", *FORWARD]
        assert all(e["local_time"] for e in timeline)
        assert [e["at"] for e in timeline] == sorted(e["at"] for e in timeline)

    async def test_out_of_order_changes_are_409_and_change_nothing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        order_id = (await place(client, world)).json()["id"]
        assert (await move(client, world, order_id, "packed")).status_code == 409
        for status in FORWARD:
            await move(client, world, order_id, status)
        back = await move(client, world, order_id, "packed")
        assert back.status_code == 409
        assert back.json()["type"] == "/problems/invalid-status-change"
        again = await move(client, world, order_id, "accepted")
        assert again.status_code == 409
        order = (await client.get(f"/api/v1/orders/{order_id}", headers=world.partner)).json()
        assert order["status"] == "delivered_gate"
        assert len(order["timeline"]) == 5

    async def test_a_gate_order_cannot_be_marked_delivered_to_the_door(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        order_id = (await place(client, world)).json()["id"]
        for status in FORWARD[:3]:
            await move(client, world, order_id, status)
        assert (await move(client, world, order_id, "delivered_door")).status_code == 409

    async def test_reject_needs_a_reason_and_returns_stock(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        order_id = (await place(client, world, quantity=5)).json()["id"]
        assert (await move(client, world, order_id, "rejected")).status_code == 422
        rejected = await move(client, world, order_id, "rejected", reason="今日无法配送")
        assert rejected.status_code == 200
        assert rejected.json()["reason"] == "今日无法配送"
        item = await client.get(f"/api/v1/catalog/items/{world.items[0]}", headers=world.partner)
        assert item.json()["stock"] == 100

    async def test_unknown_statuses_are_422(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_world(client, stack)
        order_id = (await place(client, world)).json()["id"]
        for status in ("placed", "cancelled", "shipped", ""):
            assert (await move(client, world, order_id, status)).status_code == 422

    async def test_a_retried_status_change_with_the_same_key_is_applied_once(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        order_id = (await place(client, world)).json()["id"]
        key = {"Idempotency-Key": "accept-1"}
        first = await move(client, world, order_id, "accepted", headers=key)
        again = await move(client, world, order_id, "accepted", headers=key)
        assert first.status_code == again.status_code == 200
        assert len(again.json()["timeline"]) == 2

    async def test_residents_and_staff_cannot_move_orders(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        order_id = (await place(client, world)).json()["id"]
        for headers in (world.resident, world.staff):
            response = await client.post(
                f"/api/v1/orders/{order_id}/status", headers=headers, json={"status": "accepted"}
            )
            assert response.status_code == 403


class TestCancel:
    async def test_resident_cancels_until_accepted(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        first = (await place(client, world)).json()["id"]
        second = (await place(client, world)).json()["id"]
        cancelled = await client.post(
            f"/api/v1/orders/{first}/cancel", headers=world.resident, json={"reason": "买重了"}
        )
        assert cancelled.status_code == 200
        assert cancelled.json()["status"] == "cancelled"
        await move(client, world, second, "accepted")
        refused = await client.post(
            f"/api/v1/orders/{second}/cancel", headers=world.resident, json={}
        )
        assert refused.status_code == 409
        assert refused.json()["type"] == "/problems/order-not-cancellable"
        assert (await move(client, world, first, "accepted")).status_code == 409

    async def test_staff_cancel_for_a_household_another_resident_cannot(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        order_id = (await place(client, world)).json()["id"]
        from tests.supplies.builders import resident_headers

        neighbour = await resident_headers(client, world.staff, world.household_ids[1])
        url = f"/api/v1/orders/{order_id}/cancel"
        assert (await client.post(url, headers=neighbour, json={})).status_code == 404
        assert (
            await client.get(f"/api/v1/orders/{order_id}", headers=neighbour)
        ).status_code == 404
        assert (await client.post(url, headers=world.staff, json={})).status_code == 200


class TestShortages:
    async def test_partner_reports_a_missing_and_a_substituted_item_with_refunds(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        body = {
            "partner_id": str(world.partner_id),
            "round_id": str(world.round_id),
            "lines": [
                {"item_id": str(world.items[0]), "quantity": 4},
                {"item_id": str(world.items[1]), "quantity": 2},
            ],
        }
        order = (await client.post("/api/v1/orders", headers=world.resident, json=body)).json()
        await move(client, world, order["id"], "accepted")
        cabbage, eggs = order["lines"]
        report = {
            "lines": [
                {"line_id": cabbage["id"], "kind": "missing", "quantity": 1, "refunded_fen": 150},
                {
                    "line_id": eggs["id"],
                    "kind": "substituted",
                    "quantity": 2,
                    "substitute_name": "鸭蛋",
                    "refunded_fen": 100,
                },
            ]
        }
        url = f"/api/v1/orders/{order['id']}/shortages"
        response = await client.post(url, headers=world.partner, json=report)
        assert response.status_code == 200, response.text
        after = response.json()
        assert after["refunded_fen"] == 250
        assert after["payable_fen"] == order["total_fen"] - 250
        assert {s["kind"] for s in after["shortages"]} == {"missing", "substituted"}
        assert after["timeline"][-1]["kind"] == "shortage"

    async def test_shortages_beyond_the_order_are_refused(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        order = (await place(client, world, quantity=2)).json()
        url = f"/api/v1/orders/{order['id']}/shortages"
        line = order["lines"][0]["id"]
        early = {"lines": [{"line_id": line, "kind": "missing", "quantity": 1, "refunded_fen": 1}]}
        assert (await client.post(url, headers=world.partner, json=early)).status_code == 409
        await move(client, world, order["id"], "accepted")
        for bad in (
            {"line_id": line, "kind": "missing", "quantity": 3, "refunded_fen": 0},
            {"line_id": line, "kind": "missing", "quantity": 1, "refunded_fen": 151},
            {"line_id": line, "kind": "missing", "quantity": 1, "refunded_fen": -1},
            {"line_id": line, "kind": "substituted", "quantity": 1, "refunded_fen": 0},
            {"line_id": order["id"], "kind": "missing", "quantity": 1, "refunded_fen": 0},
        ):
            response = await client.post(url, headers=world.partner, json={"lines": [bad]})
            assert response.status_code == 422, bad
        after = (await client.get(f"/api/v1/orders/{order['id']}", headers=world.partner)).json()
        assert after["refunded_fen"] == 0


class TestPartnerFeed:
    async def test_partner_polls_new_and_changed_orders_since_a_cursor(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        first = (await place(client, world)).json()["id"]
        second = (await place(client, world)).json()["id"]
        page = (await client.get("/api/v1/orders/feed", headers=world.partner)).json()
        assert [o["id"] for o in page["items"]] == [first, second]
        cursor = page["next_cursor"]
        empty = await client.get(
            "/api/v1/orders/feed", headers=world.partner, params={"after": cursor}
        )
        assert empty.json()["items"] == []
        assert empty.json()["next_cursor"] == cursor
        await client.post(f"/api/v1/orders/{first}/cancel", headers=world.resident, json={})
        third = (await place(client, world)).json()["id"]
        changed = await client.get(
            "/api/v1/orders/feed", headers=world.partner, params={"after": cursor}
        )
        assert [(o["id"], o["status"]) for o in changed.json()["items"]] == [
            (first, "cancelled"),
            (third, "placed"),
        ]
        placed_only = await client.get(
            "/api/v1/orders/feed",
            headers=world.partner,
            params={"status": "placed", "round_id": str(world.round_id)},
        )
        assert [o["id"] for o in placed_only.json()["items"]] == [second, third]

    async def test_a_cursor_beyond_the_feed_end_is_refused_with_the_end(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        """A partner whose stored cursor is ahead (after a reset) must not be told "nothing new"
        for ever: 409 with the cursor to go on from, of the same type as `next_cursor`."""
        world = await make_world(client, stack)
        first = (await place(client, world)).json()["id"]
        page = (await client.get("/api/v1/orders/feed", headers=world.partner)).json()
        end = page["next_cursor"]
        ahead = await client.get(
            "/api/v1/orders/feed", headers=world.partner, params={"after": int(end) + 40}
        )
        assert ahead.status_code == 409, ahead.text
        assert ahead.json()["type"] == "/problems/feed-cursor-ahead"
        assert ahead.json()["feed_end"] == end
        at_end = await client.get(
            "/api/v1/orders/feed", headers=world.partner, params={"after": ahead.json()["feed_end"]}
        )
        assert at_end.status_code == 200
        assert at_end.json() == {"items": [], "next_cursor": end}
        await client.post(f"/api/v1/orders/{first}/cancel", headers=world.resident, json={})
        moved = await client.get(
            "/api/v1/orders/feed", headers=world.partner, params={"after": end}
        )
        assert [o["id"] for o in moved.json()["items"]] == [first]

    async def test_the_cursor_is_a_string_of_digits_in_and_out(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        before = await client.get("/api/v1/orders/feed", headers=world.partner)
        assert before.json() == {"items": [], "next_cursor": "0"}
        spec = (await client.get("/openapi.json")).json()
        after = next(
            p
            for p in spec["paths"]["/api/v1/orders/feed"]["get"]["parameters"]
            if p["name"] == "after"
        )
        feed = spec["components"]["schemas"]["OrderFeed"]["properties"]["next_cursor"]
        assert after["schema"]["type"] == feed["type"] == "string"
        for bad in ("-1", "1e3", "x", "9" * 19):
            response = await client.get(
                "/api/v1/orders/feed", headers=world.partner, params={"after": bad}
            )
            assert response.status_code == 422, bad

    async def test_the_feed_is_for_partners_only(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        for headers in (world.staff, world.resident):
            assert (await client.get("/api/v1/orders/feed", headers=headers)).status_code == 403
        bad = await client.get("/api/v1/orders/feed", headers=world.partner, params={"after": -1})
        assert bad.status_code == 422

    async def test_the_feed_shows_each_order_as_its_detail_does(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        """The feed and the placement answer are built from plain rows, the detail through the
        session: the same order must read the same in all three."""
        world = await make_world(client, stack)
        body = {
            "partner_id": str(world.partner_id),
            "round_id": str(world.round_id),
            "lines": [
                {"item_id": str(world.items[1]), "quantity": 2},
                {"item_id": str(world.items[0]), "quantity": 3},
            ],
        }
        placed = (await client.post("/api/v1/orders", headers=world.resident, json=body)).json()
        other = (await place(client, world)).json()
        await move(client, world, placed["id"], "accepted")
        eggs, cabbage = placed["lines"]
        report = {
            "lines": [
                {"line_id": cabbage["id"], "kind": "missing", "quantity": 1, "refunded_fen": 150},
                {
                    "line_id": eggs["id"],
                    "kind": "substituted",
                    "quantity": 1,
                    "substitute_name": "鸭蛋",
                    "refunded_fen": 100,
                },
            ]
        }
        url = f"/api/v1/orders/{placed['id']}/shortages"
        assert (await client.post(url, headers=world.partner, json=report)).status_code == 200
        feed = (await client.get("/api/v1/orders/feed", headers=world.partner)).json()["items"]
        assert [o["id"] for o in feed] == [other["id"], placed["id"]]
        for order in feed:
            detail = (
                await client.get(f"/api/v1/orders/{order['id']}", headers=world.partner)
            ).json()
            detail.pop("timeline")
            assert order == detail
        assert len(feed[1]["lines"]) == 2
        assert len(feed[1]["shortages"]) == 2
        other.pop("timeline")
        assert other == feed[0]
