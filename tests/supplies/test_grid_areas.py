"""A grid worker's grid in supplies: learnt from the registry's `grid.area_changed` (applied once,
the latest wins, an empty list empties it), and held on every route that lists or takes a
household's objects — lists filtered, objects and writes outside the grid not found."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select

from registry.events import OUTBOX
from shouhu_common.events import Event
from supplies.events import CONSUMER
from supplies.grid_areas.models import GridArea
from tests.conftest import Stack
from tests.supplies.builders import (
    World,
    add_directory,
    grid_area_event,
    make_world,
    place,
)
from tests.supplies.test_door_deliveries import advance, household_event

DIRECTORY = "/api/v1/household-directory"


async def seen(client: httpx.AsyncClient, world: World) -> set[uuid.UUID]:
    response = await client.get(DIRECTORY, headers=world.grid)
    assert response.status_code == 200, response.text
    return {uuid.UUID(e["household_id"]) for e in response.json()["items"]}


async def other_building(stack: Stack, world: World, households: int = 2) -> list[uuid.UUID]:
    """Households of another building of the community, outside `world.grid`'s grid."""
    others = [uuid.uuid4() for _ in range(households)]
    await add_directory(stack, world.community_id, others, building="2栋", building_id=uuid.uuid4())
    return others


class TestAreaEvents:
    async def test_the_event_is_applied_once_and_a_later_one_replaces_the_area(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack, households=4)  # floors 1–2 of one building
        assert await seen(client, world) == set(world.household_ids)
        now, first = datetime.now(UTC), uuid.uuid4()
        floor_one = [(world.building_id, 1, 1)]
        args = (stack, world.grid_subject, world.community_id)
        assert await grid_area_event(*args, floor_one, at=now, event_id=first) == "applied"
        assert await grid_area_event(*args, floor_one, at=now, event_id=first) == "duplicate"
        assert await seen(client, world) == set(world.household_ids[:2])
        # older than the area applied: arrives late, changes nothing
        await grid_area_event(*args, [world.building_id], at=now - timedelta(minutes=5))
        assert await seen(client, world) == set(world.household_ids[:2])
        await grid_area_event(*args, [(world.building_id, 2, 2)], at=now + timedelta(minutes=1))
        assert await seen(client, world) == set(world.household_ids[2:])
        async with stack.supplies.state.sessionmaker() as session:
            rows = (
                await session.scalars(
                    select(GridArea).where(GridArea.subject == world.grid_subject)
                )
            ).all()
        assert [(r.building_id, r.floor_from, r.floor_to) for r in rows] == [
            (world.building_id, 2, 2)
        ]

    async def test_a_removed_assignment_empties_the_grid(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        order = (
            await place(client, world, world.staff, household_id=world.household_ids[1])
        ).json()
        assert await grid_area_event(stack, world.grid_subject, world.community_id, [])
        assert await seen(client, world) == set()
        orders = await client.get("/api/v1/orders", headers=world.grid)
        assert orders.json()["items"] == []
        assert (
            await client.get(f"/api/v1/orders/{order['id']}", headers=world.grid)
        ).status_code == 404

    async def test_a_household_the_directory_cannot_place_is_outside_every_grid(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        unplaced = [uuid.uuid4()]
        await add_directory(stack, world.community_id, unplaced)  # no building_id
        staff = await client.get(DIRECTORY, headers=world.staff)
        assert str(unplaced[0]) in {e["household_id"] for e in staff.json()["items"]}
        assert unplaced[0] not in await seen(client, world)

    async def test_the_registry_publishes_what_supplies_applies(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        """The registry's assignment change, carried to supplies as its relay would."""
        world = await make_world(client, stack, households=4)
        await grid_area_event(stack, world.grid_subject, world.community_id, [])
        staff = world.staff
        body = {
            "community_id": str(world.community_id),
            "building_ids": [],
            "floors": [{"building_id": str(world.building_id), "floor_from": 1, "floor_to": 1}],
        }
        put = await client.put(
            f"/api/v1/assignments/{world.grid_subject}", headers=staff, json=body
        )
        assert put.status_code == 200, put.text
        async with stack.registry.state.engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(OUTBOX.outbox).where(OUTBOX.outbox.c.topic == "grid.area_changed")
                )
            ).all()
        assert len(rows) == 1
        row = rows[0]
        assert row.key == world.grid_subject
        assert row.payload == {
            "subject": world.grid_subject,
            "community_id": str(world.community_id),
            "areas": [{"building_id": str(world.building_id), "floor_from": 1, "floor_to": 1}],
        }
        event = Event(row.event_id, "registry", row.topic, row.key, row.occurred_at, row.payload)
        assert await CONSUMER.consume(stack.supplies.state.sessionmaker, event) == "applied"
        assert await seen(client, world) == set(world.household_ids[:2])


class TestWritesOutsideTheGrid:
    async def test_orders_for_a_household_outside_the_grid_are_not_found(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        outside = await other_building(stack, world)
        refused = await place(client, world, world.grid, household_id=outside[0])
        assert refused.status_code == 404
        assert refused.json()["type"].endswith("/household-not-found")
        unknown = await place(client, world, world.grid, household_id=uuid.uuid4())
        assert unknown.json()["type"] == refused.json()["type"]  # no oracle
        inside = await place(client, world, world.grid, household_id=world.household_ids[0])
        assert inside.status_code == 201, inside.text

        theirs = (await place(client, world, world.staff, household_id=outside[0])).json()
        cancel = await client.post(
            f"/api/v1/orders/{theirs['id']}/cancel", headers=world.grid, json={"reason": "重复"}
        )
        assert cancel.status_code == 404
        listed = await client.get(
            "/api/v1/orders", headers=world.grid, params={"household_id": str(outside[0])}
        )
        assert listed.json()["items"] == []
        assert (await client.get(f"/api/v1/orders/{theirs['id']}", headers=world.staff)).json()[
            "status"
        ] == "placed"

    async def test_door_deliveries_outside_the_grid_are_neither_listed_nor_handed_over(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        outside = await other_building(stack, world)
        world.household_ids.extend(outside)
        for n in (0, 3):  # one inside, one outside
            await household_event(stack, world, "household.quarantined", household=n)
        ours = (await place(client, world, world.staff, household_id=world.household_ids[0])).json()
        theirs = (await place(client, world, world.staff, household_id=outside[0])).json()
        for order in (ours, theirs):
            await advance(client, world, order["id"], "accepted", "packed", "out_for_delivery")
        pick_list = f"/api/v1/delivery-rounds/{world.round_id}/pick-list"
        as_grid = (await client.get(pick_list, headers=world.grid)).json()
        assert as_grid["door_orders"] == 1
        assert (await client.get(pick_list, headers=world.staff)).json()["door_orders"] == 2
        carriers = f"/api/v1/delivery-rounds/{world.round_id}/carriers"
        body = {"compound": "东苑", "building": "2栋", "carrier": "李四"}
        assigned = await client.post(carriers, headers=world.grid, json=body)
        assert assigned.status_code == 200, assigned.text
        assert assigned.json()["assigned"] == 0
        hand_over = await client.post(
            f"/api/v1/orders/{theirs['id']}/hand-over", headers=world.grid, json={}
        )
        assert hand_over.status_code == 404
        done = await client.post(
            f"/api/v1/orders/{ours['id']}/hand-over", headers=world.grid, json={}
        )
        assert done.status_code == 200, done.text

    async def test_distribution_receipts_outside_the_grid_are_refused(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        outside = await other_building(stack, world)
        item = await client.post(
            "/api/v1/community-stock",
            headers=world.staff,
            json={"community_id": str(world.community_id), "name": "口罩", "unit": "只"},
        )
        assert item.status_code == 201, item.text
        stock_id = item.json()["id"]
        received = await client.post(
            f"/api/v1/community-stock/{stock_id}/movements",
            headers=world.staff,
            json={"kind": "received", "quantity": 100, "reason": "街道下拨"},
        )
        assert received.status_code == 200, received.text
        campaign = await client.post(
            "/api/v1/distributions",
            headers=world.staff,
            json={
                "community_id": str(world.community_id),
                "name": "口罩发放",
                "shares": [{"stock_item_id": stock_id, "quantity_per_household": 5}],
            },
        )
        assert campaign.status_code == 201, campaign.text
        receipts = f"/api/v1/distributions/{campaign.json()['id']}/receipts"
        refused = await client.post(
            receipts, headers=world.grid, json={"household_id": str(outside[0])}
        )
        assert refused.status_code == 404
        assert refused.json()["type"].endswith("/household-not-found")
        ok = await client.post(
            receipts, headers=world.grid, json={"household_id": str(world.household_ids[0])}
        )
        assert ok.status_code == 201, ok.text
        by_staff = await client.post(
            receipts, headers=world.staff, json={"household_id": str(outside[0])}
        )
        assert by_staff.status_code == 201, by_staff.text

        not_reached = f"/api/v1/distributions/{campaign.json()['id']}/households-not-reached"
        listed = (await client.get(not_reached, headers=world.grid)).json()
        assert {e["household_id"] for e in listed["items"]} == {
            str(h) for h in world.household_ids[1:]
        }
        assert listed["total"] == len(world.household_ids) - 1
        log = await client.get(f"/api/v1/community-stock/{stock_id}/movements", headers=world.grid)
        shown = {m["household_id"] for m in log.json()["items"]}
        assert shown == {None, str(world.household_ids[0])}
        all_of_it = await client.get(
            f"/api/v1/community-stock/{stock_id}/movements", headers=world.staff
        )
        assert len(all_of_it.json()["items"]) == 3
