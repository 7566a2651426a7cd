"""Community stock as a movement log, distribution campaigns, priority allocation, donations."""

from __future__ import annotations

import uuid

import httpx

from tests.conftest import Stack
from tests.supplies.builders import World, make_world


async def stock_item(
    client: httpx.AsyncClient,
    world: World,
    name: str = "口罩",
    received: int = 0,
    scarce: bool = False,
) -> str:
    body = {"community_id": str(world.community_id), "name": name, "unit": "只", "scarce": scarce}
    item = await client.post("/api/v1/community-stock", headers=world.staff, json=body)
    assert item.status_code == 201, item.text
    if received:
        await move(client, world, item.json()["id"], "received", received, "街道下拨")
    item_id: str = item.json()["id"]
    return item_id


async def move(
    client: httpx.AsyncClient,
    world: World,
    item_id: str,
    kind: str,
    quantity: int,
    reason: str = "",
) -> httpx.Response:
    return await client.post(
        f"/api/v1/community-stock/{item_id}/movements",
        headers=world.staff,
        json={"kind": kind, "quantity": quantity, "reason": reason},
    )


class TestStockLog:
    async def test_stock_is_the_sum_of_its_movements(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        item = await stock_item(client, world, received=100)
        assert (await move(client, world, item, "distributed", 30)).json()["on_hand"] == 70
        adjusted = await move(client, world, item, "adjusted", -5, "盘点破损")
        assert adjusted.json()["on_hand"] == 65
        log = await client.get(f"/api/v1/community-stock/{item}/movements", headers=world.grid)
        assert [(m["kind"], m["quantity"]) for m in reversed(log.json()["items"])] == [
            ("received", 100),
            ("distributed", -30),
            ("adjusted", -5),
        ]

    async def test_bad_movements_are_refused_and_change_nothing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        item = await stock_item(client, world, received=10)
        assert (await move(client, world, item, "adjusted", 3)).status_code == 422  # no reason
        assert (await move(client, world, item, "received", -3)).status_code == 422
        assert (await move(client, world, item, "received", 0)).status_code == 422
        assert (await move(client, world, item, "donated", 3)).status_code == 422
        assert (await move(client, world, item, "distributed", 11)).status_code == 409
        assert (await move(client, world, item, "adjusted", -11, "丢失")).status_code == 409
        got = await client.get(f"/api/v1/community-stock/{item}", headers=world.staff)
        assert got.json()["on_hand"] == 10

    async def test_roles_and_communities(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_world(client, stack)
        item = await stock_item(client, world, received=10)
        url = f"/api/v1/community-stock/{item}/movements"
        body = {"kind": "received", "quantity": 1}
        assert (await client.post(url, headers=world.grid, json=body)).status_code == 403
        assert (await client.get(url, headers=world.resident)).status_code == 403
        elsewhere = await make_world(client, stack)
        assert (await client.get(url, headers=elsewhere.staff)).status_code == 404


class TestDistribution:
    async def test_households_receive_once_and_the_rest_are_listed(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        masks = await stock_item(client, world, "口罩", received=12)
        bleach = await stock_item(client, world, "84消毒液", received=3)
        body = {
            "community_id": str(world.community_id),
            "name": "每户口罩5只、消毒液1瓶",
            "shares": [
                {"stock_item_id": masks, "quantity_per_household": 5},
                {"stock_item_id": bleach, "quantity_per_household": 1},
            ],
        }
        campaign = (
            await client.post("/api/v1/distributions", headers=world.staff, json=body)
        ).json()
        receipts = f"/api/v1/distributions/{campaign['id']}/receipts"
        first = {"household_id": str(world.household_ids[0])}
        assert (await client.post(receipts, headers=world.grid, json=first)).status_code == 201
        again = await client.post(receipts, headers=world.grid, json=first)
        assert again.status_code == 409
        second = {"household_id": str(world.household_ids[1])}
        assert (await client.post(receipts, headers=world.grid, json=second)).status_code == 201
        third = {"household_id": str(world.household_ids[2])}
        short = await client.post(receipts, headers=world.grid, json=third)
        assert short.status_code == 409
        assert short.json()["type"] == "/problems/not-enough-stock"
        stranger = {"household_id": str(uuid.uuid4())}
        assert (await client.post(receipts, headers=world.grid, json=stranger)).status_code == 404
        detail = (
            await client.get(f"/api/v1/distributions/{campaign['id']}", headers=world.staff)
        ).json()
        assert (detail["households"], detail["reached"], detail["not_reached"]) == (3, 2, 1)
        left = await client.get(
            f"/api/v1/distributions/{campaign['id']}/households-not-reached", headers=world.grid
        )
        assert [h["household_id"] for h in left.json()["items"]] == [str(world.household_ids[2])]
        masks_left = (
            await client.get(f"/api/v1/community-stock/{masks}", headers=world.staff)
        ).json()
        assert masks_left["on_hand"] == 2


class TestAllocation:
    async def test_scarce_gear_goes_by_priority_and_never_beyond_stock(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        n95 = await stock_item(client, world, "N95口罩", received=7, scarce=True)
        body = {
            "community_id": str(world.community_id),
            "stock_item_id": n95,
            "quantity_each": 2,
            "rules": [
                {"label": "一线人员50岁以上", "frontline": True, "min_age": 50},
                {"label": "一线人员", "frontline": True},
            ],
            "candidates": [
                {"recipient": "年轻志愿者", "frontline": True, "age": 25},
                {"recipient": "居民", "frontline": False, "age": 70},
                {"recipient": "卡口王师傅", "frontline": True, "age": 58},
                {"recipient": "网格员李姐", "frontline": True, "age": 52},
                {"recipient": "社工小张", "frontline": True, "age": 30},
            ],
        }
        response = await client.post("/api/v1/allocations", headers=world.staff, json=body)
        assert response.status_code == 201, response.text
        result = response.json()
        assert [g["recipient"] for g in result["granted"]] == [
            "卡口王师傅",
            "网格员李姐",
            "年轻志愿者",
        ]
        assert (result["eligible"], result["left_out"], result["on_hand_after"]) == (4, 1, 1)
        item = (await client.get(f"/api/v1/community-stock/{n95}", headers=world.staff)).json()
        assert item["on_hand"] == 1
        assert (
            await client.post("/api/v1/allocations", headers=world.grid, json=body)
        ).status_code == 403


class TestDonations:
    async def test_money_and_goods_with_a_public_summary_without_donors(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        masks = await stock_item(client, world, "口罩")
        community = str(world.community_id)
        money = await client.post(
            "/api/v1/donations",
            headers=world.staff,
            json={
                "community_id": community,
                "kind": "money",
                "donor_name": "张大爷",
                "amount_fen": 100000,
            },
        )
        assert money.status_code == 201, money.text
        goods = await client.post(
            "/api/v1/donations",
            headers=world.staff,
            json={
                "community_id": community,
                "kind": "goods",
                "stock_item_id": masks,
                "quantity": 500,
            },
        )
        assert goods.json()["anonymous"] is True
        use = await client.post(
            f"/api/v1/donations/{money.json()['id']}/uses",
            headers=world.staff,
            json={"amount_fen": 60000, "purpose": "采购消毒液"},
        )
        assert use.status_code == 200
        over = await client.post(
            f"/api/v1/donations/{money.json()['id']}/uses",
            headers=world.staff,
            json={"amount_fen": 50000, "purpose": "再采购"},
        )
        assert over.status_code == 409
        stock = (await client.get(f"/api/v1/community-stock/{masks}", headers=world.staff)).json()
        assert stock["on_hand"] == 500
        summary = await client.get("/api/v1/donations/summary", headers=world.resident)
        assert summary.status_code == 200
        body = summary.json()
        assert (body["donations"], body["anonymous_donations"]) == (2, 1)
        assert (body["money_received_fen"], body["money_used_fen"]) == (100000, 60000)
        assert body["goods_received"] == [{"name": "口罩", "unit": "只", "quantity": 500}]
        assert "张大爷" not in summary.text
        full = await client.get("/api/v1/donations", headers=world.staff)
        assert "张大爷" in full.text
        assert (await client.get("/api/v1/donations", headers=world.resident)).status_code == 403

    async def test_bad_donations_are_refused(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_world(client, stack)
        community = str(world.community_id)
        for body in (
            {"community_id": community, "kind": "money", "amount_fen": 0},
            {"community_id": community, "kind": "money", "amount_fen": -5},
            {"community_id": community, "kind": "goods", "quantity": 5},
            {
                "community_id": community,
                "kind": "goods",
                "stock_item_id": str(uuid.uuid4()),
                "quantity": 5,
            },
        ):
            response = await client.post("/api/v1/donations", headers=world.staff, json=body)
            assert response.status_code == 422, body
        assert (await client.get("/api/v1/donations", headers=world.staff)).json()["total"] == 0
