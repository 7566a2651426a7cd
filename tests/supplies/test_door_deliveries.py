"""Door delivery for quarantined households (from the registry's events, applied by calling the
consumer directly), the round's pick list, carriers and the no-contact hand-over."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx

from shouhu_common.events import Event
from shouhu_common.events.envelope import SIGNATURE_HEADER, sign
from supplies.events import CONSUMER
from tests.conftest import Stack
from tests.supplies.builders import World, add_directory, grid_area_event, make_world, place


async def household_event(
    stack: Stack,
    world: World,
    kind: str,
    household: int = 0,
    *,
    at: datetime | None = None,
    event_id: uuid.UUID | None = None,
    status: str | None = None,
) -> str:
    """Hands the consumer one registry event, as the event mechanism would."""
    quarantined = kind == "household.quarantined"
    event = Event(
        event_id=event_id or uuid.uuid4(),
        source="registry",
        topic=kind,
        key=str(world.household_ids[household]),
        occurred_at=at or datetime.now(UTC),
        payload={
            "household_id": str(world.household_ids[household]),
            "community_id": str(world.community_id),
            "status": status or ("home_quarantine" if quarantined else "normal"),
            "quarantine_end_date": "2026-12-08" if quarantined else None,
        },
    )
    return await CONSUMER.consume(stack.supplies.state.sessionmaker, event)


async def advance(client: httpx.AsyncClient, world: World, order_id: str, *steps: str) -> None:
    for status in steps:
        response = await client.post(
            f"/api/v1/orders/{order_id}/status", headers=world.partner, json={"status": status}
        )
        assert response.status_code == 200, response.text


class TestQuarantineEvents:
    async def test_a_quarantined_household_gets_door_delivery_and_sees_why(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        assert await household_event(stack, world, "household.quarantined")
        order = (await place(client, world)).json()
        assert order["delivery_mode"] == "door"
        assert "居家隔离" in order["door_reason"]
        assert "2026-12-08" in order["door_reason"]

    async def test_quarantine_after_the_order_switches_open_orders_to_the_door(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        open_order = (await place(client, world)).json()["id"]
        packed = (await place(client, world)).json()["id"]
        await advance(client, world, packed, "accepted", "packed")
        cancelled = (await place(client, world)).json()["id"]
        await client.post(f"/api/v1/orders/{cancelled}/cancel", headers=world.resident, json={})
        cursor = (await client.get("/api/v1/orders/feed", headers=world.partner)).json()[
            "next_cursor"
        ]
        await household_event(stack, world, "household.quarantined")
        for order_id in (open_order, packed):
            order = (await client.get(f"/api/v1/orders/{order_id}", headers=world.resident)).json()
            assert order["delivery_mode"] == "door"
            assert order["timeline"][-1]["kind"] == "delivery_mode"
            assert "送货上门" in order["timeline"][-1]["note"]
        gone = (await client.get(f"/api/v1/orders/{cancelled}", headers=world.resident)).json()
        assert gone["delivery_mode"] == "gate"
        feed = await client.get(
            "/api/v1/orders/feed", headers=world.partner, params={"after": cursor}
        )
        assert {o["id"] for o in feed.json()["items"]} == {open_order, packed}

    async def test_release_returns_open_orders_to_the_gate(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        await household_event(stack, world, "household.quarantined")
        order_id = (await place(client, world)).json()["id"]
        await household_event(stack, world, "household.released")
        order = (await client.get(f"/api/v1/orders/{order_id}", headers=world.resident)).json()
        assert order["delivery_mode"] == "gate"
        assert order["door_reason"] == ""
        assert (await place(client, world)).json()["delivery_mode"] == "gate"

    async def test_duplicate_and_stale_events_change_nothing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        now, first = datetime.now(UTC), uuid.uuid4()
        assert (
            await household_event(stack, world, "household.quarantined", at=now, event_id=first)
            == "applied"
        )
        again = await household_event(stack, world, "household.quarantined", at=now, event_id=first)
        assert again == "duplicate"
        await household_event(stack, world, "household.released", at=now - timedelta(hours=1))
        assert (await place(client, world)).json()["delivery_mode"] == "door"

    async def test_a_sealed_household_keeps_door_delivery_after_release(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        await household_event(stack, world, "household.quarantined")
        await household_event(stack, world, "household.released", status="sealed")
        order = (await place(client, world)).json()
        assert order["delivery_mode"] == "door"
        assert "封控" in order["door_reason"]

    async def test_signed_events_arrive_at_the_internal_endpoint(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        event = Event(
            event_id=uuid.uuid4(),
            source="registry",
            topic="household.quarantined",
            key=str(world.household_ids[0]),
            occurred_at=datetime.now(UTC),
            payload={
                "household_id": str(world.household_ids[0]),
                "community_id": str(world.community_id),
                "status": "home_quarantine",
                "quarantine_end_date": None,
            },
        )
        body = event.to_json()
        secret = stack.supplies.state.settings.events_secret
        transport = httpx.ASGITransport(app=stack.supplies)
        async with httpx.AsyncClient(transport=transport, base_url="http://supplies") as direct:
            forged = await direct.post(
                "/internal/events", content=body, headers={SIGNATURE_HEADER: sign("wrong", body)}
            )
            assert forged.status_code == 401
            signed = await direct.post(
                "/internal/events", content=body, headers={SIGNATURE_HEADER: sign(secret, body)}
            )
            assert signed.json()["outcome"] == "applied"
        assert (await place(client, world)).json()["delivery_mode"] == "door"
        through_gateway = await client.post("/internal/events", content=body)
        assert through_gateway.status_code in (404, 405)

    async def test_a_parcel_left_at_the_gate_is_carried_up_when_quarantine_starts(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        order_id = (await place(client, world)).json()["id"]
        await advance(
            client, world, order_id, "accepted", "packed", "out_for_delivery", "delivered_gate"
        )
        await household_event(stack, world, "household.quarantined")
        pick = await client.get(
            f"/api/v1/delivery-rounds/{world.round_id}/pick-list", headers=world.grid
        )
        assert pick.json()["door_orders"] == 1


class TestPickList:
    async def test_door_orders_are_grouped_by_compound_building_unit_floor(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack, households=6)
        extra = [uuid.uuid4() for _ in range(2)]
        world.household_ids.extend(extra)
        ten = uuid.uuid4()
        await add_directory(stack, world.community_id, extra, building="10栋", building_id=ten)
        await grid_area_event(
            stack, world.grid_subject, world.community_id, [world.building_id, ten]
        )
        for n in (0, 1, 2, 3, 6, 7):
            await household_event(stack, world, "household.quarantined", household=n)
        for n in (7, 3, 0, 2, 6, 1, 4):
            await place(client, world, world.staff, household_id=world.household_ids[n])
        response = await client.get(
            f"/api/v1/delivery-rounds/{world.round_id}/pick-list", headers=world.grid
        )
        assert response.status_code == 200, response.text
        pick = response.json()
        assert pick["door_orders"] == 6
        buildings = pick["compounds"][0]["buildings"]
        assert [b["building"] for b in buildings] == ["1栋", "10栋"]
        first = buildings[0]
        stops = [
            (u["unit"], f["floor"], e["room"])
            for u in first["units"]
            for f in u["floors"]
            for e in f["entries"]
        ]
        assert stops == [(1, 1, "101"), (1, 2, "201"), (2, 1, "102"), (2, 2, "202")]
        entry = first["units"][0]["floors"][0]["entries"][0]
        assert entry["items"] == [{"name": "大白菜", "unit": "斤", "quantity": 2}]

    async def test_carriers_are_assigned_per_building_and_hand_over_is_confirmed(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        await household_event(stack, world, "household.quarantined")
        order_id = (await place(client, world)).json()["id"]
        url = f"/api/v1/delivery-rounds/{world.round_id}"
        body = {"carrier": "网格员 李娜", "compound": "东苑", "building": "1栋"}
        assigned = await client.post(f"{url}/carriers", headers=world.staff, json=body)
        assert assigned.json() == {"assigned": 1}
        hand_over = f"/api/v1/orders/{order_id}/hand-over"
        early = await client.post(hand_over, headers=world.grid, json={})
        assert early.status_code == 409
        await advance(
            client, world, order_id, "accepted", "packed", "out_for_delivery", "delivered_gate"
        )
        done = await client.post(hand_over, headers=world.grid, json={"note": "已敲门告知"})
        assert done.status_code == 200, done.text
        assert done.json()["status"] == "delivered_door"
        assert done.json()["carrier"] == "网格员 李娜"
        assert done.json()["handed_over_at"] is not None
        assert (await client.post(hand_over, headers=world.grid, json={})).status_code == 409
        pick = (await client.get(f"{url}/pick-list", headers=world.staff)).json()
        assert pick["handed_over"] == 1

    async def test_partners_stop_at_the_gate_and_the_resident_is_told_it_comes_up(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        await household_event(stack, world, "household.quarantined")
        order_id = (await place(client, world)).json()["id"]
        await advance(client, world, order_id, "accepted", "packed", "out_for_delivery")
        status = f"/api/v1/orders/{order_id}/status"
        to_door = await client.post(
            status, headers=world.partner, json={"status": "delivered_door"}
        )
        assert to_door.status_code == 409
        assert "hand-over" in to_door.json()["detail"]
        await advance(client, world, order_id, "delivered_gate")
        seen = (await client.get(f"/api/v1/orders/{order_id}", headers=world.resident)).json()
        assert seen["status"] == "delivered_gate"
        assert seen["timeline"][-1]["note"].startswith("到达小区门口，社区人员送上门")
        assert "取货点" not in seen["timeline"][-1]["note"]

    async def test_gate_orders_are_not_handed_over_and_roles_are_checked(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        order_id = (await place(client, world)).json()["id"]
        hand_over = f"/api/v1/orders/{order_id}/hand-over"
        assert (await client.post(hand_over, headers=world.staff, json={})).status_code == 409
        assert (await client.post(hand_over, headers=world.resident, json={})).status_code == 403
        assert (await client.post(hand_over, headers=world.partner, json={})).status_code == 403
        pick = f"/api/v1/delivery-rounds/{world.round_id}/pick-list"
        assert (await client.get(pick, headers=world.resident)).status_code == 403
        assert (await client.get(pick, headers=world.partner)).status_code == 403
        elsewhere = await make_world(client, stack)
        assert (await client.get(pick, headers=elsewhere.staff)).status_code == 404
