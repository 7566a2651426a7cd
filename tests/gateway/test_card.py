"""The household card, composed by the gateway: a resident sees only their own household, members
masked, the pass QR, the next outing, quarantine, orders; supplies down → orders unavailable;
registry down → 503."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from asgi_lifespan import LifespanManager

import gateway.main
from tests.builders import headers_for, make_partner
from tests.conftest import Stack, gateway_settings
from tests.databases import SuiteDatabases
from tests.registry.access.gates.builders import GateWorld, log_passage, make_gate_world
from tests.registry.health.quarantines.builders import start_quarantine, today
from tests.servers import refusing_port
from tests.supplies.builders import add_directory, add_item, add_round, resident_headers

CARD = "/api/v1/household-card"
SHANGHAI = ZoneInfo("Asia/Shanghai")


async def gateway_with_one_down(
    stack: Stack, databases: SuiteDatabases, down: str
) -> AsyncIterator[httpx.AsyncClient]:
    """A second gateway on the same databases, with `down` ("registry" or "supplies") at a port
    that refuses connections."""
    with refusing_port() as dead_url:
        app = gateway.main.create_app(
            gateway_settings(databases.urls["gateway"], stack, **{f"{down}_url": dead_url})
        )
        async with LifespanManager(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://shouhu.test") as c:
                yield c


@pytest.fixture
async def supplies_down(
    client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
) -> AsyncIterator[httpx.AsyncClient]:
    async for c in gateway_with_one_down(stack, databases, "supplies"):
        yield c


@pytest.fixture
async def registry_down(
    client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
) -> AsyncIterator[httpx.AsyncClient]:
    async for c in gateway_with_one_down(stack, databases, "registry"):
        yield c


async def card_world(
    client: httpx.AsyncClient, stack: Stack, rule: dict[str, Any] | None = None
) -> tuple[GateWorld, dict[str, str]]:
    """A community with passes for its households, and the first household's resident."""
    world = await make_gate_world(client, stack, households=2, rule=rule)
    resident = await resident_headers(client, world.staff, world.tree.household_ids[0])
    return world, resident


async def get_card(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.get(CARD, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


class TestHouseholdCard:
    async def test_resident_sees_their_household_pass_and_qr(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world, resident = await card_world(client, stack)
        card = await get_card(client, resident)
        household_id = world.tree.household_ids[0]
        assert card["household"]["id"] == str(household_id)
        assert card["household"]["address"] == "东苑 1栋 1单元 101"
        assert card["household"]["status"] == "normal"
        issued = world.passes[0]
        assert card["pass"]["id"] == issued["id"]
        assert card["pass"]["number"] == issued["number"]
        assert card["pass"]["effective_status"] == "active"
        assert card["pass"]["qr_svg"].lstrip().startswith("<svg")
        assert card["pass"]["qr_url"] == f"/api/v1/passes/{issued['id']}/qr.svg"
        assert card["outing"]["can_go_out_now"] is True
        assert card["outing"]["quota"] is None
        assert card["quarantine"] == {"in_quarantine": False, "end_date": None, "periods": []}
        assert card["orders"] == {"available": True, "items": [], "problem": None}

    async def test_members_are_masked(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world, resident = await card_world(client, stack)
        response = await client.get(CARD, headers=resident)
        [member] = response.json()["members"]
        assert member["name"] == "张0"
        full_id, full_phone = world.tree.id_numbers[0], world.tree.phones[0]
        assert member["id_number"] == full_id[:6] + "********" + full_id[-4:]
        assert member["phone"] == full_phone[:3] + "****" + full_phone[-4:]
        assert full_id not in response.text
        assert full_phone not in response.text

    async def test_each_resident_sees_only_their_own_household(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world, first = await card_world(client, stack)
        second = await resident_headers(client, world.staff, world.tree.household_ids[1])
        one, two = await get_card(client, first), await get_card(client, second)
        assert one["household"]["id"] == str(world.tree.household_ids[0])
        assert two["household"]["id"] == str(world.tree.household_ids[1])
        assert two["pass"]["id"] == world.passes[1]["id"]
        assert world.passes[0]["number"] not in str(two)
        assert "101" not in two["household"]["address"]

    async def test_a_query_cannot_point_the_card_elsewhere(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world, resident = await card_world(client, stack)
        other = world.tree.household_ids[1]
        response = await client.get(CARD, headers=resident, params={"household_id": str(other)})
        assert response.json()["household"]["id"] == str(world.tree.household_ids[0])

    @pytest.mark.parametrize("role", ["staff", "admin", "grid_worker", "gate_volunteer"])
    async def test_staff_roles_are_refused(
        self, client: httpx.AsyncClient, stack: Stack, role: str
    ) -> None:
        world, _ = await card_world(client, stack)
        headers = await headers_for(client, stack, role, [world.community_id])
        response = await client.get(CARD, headers=headers)
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"

    async def test_no_credentials_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.get(CARD)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"

    async def test_a_revoked_pass_shows_without_qr(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world, _ = await card_world(client, stack)
        revoked = await client.post(
            f"/api/v1/passes/{world.passes[0]['id']}/revoke",
            headers=world.staff,
            json={"reason_code": "lost_card", "reason": "丢失"},
        )
        assert revoked.status_code == 200, revoked.text
        card = await get_card(
            client, await resident_headers(client, world.staff, world.tree.household_ids[0])
        )
        assert card["pass"]["status"] == "revoked"
        assert card["pass"]["qr_svg"] is None


class TestNoticesOnTheCard:
    async def test_current_notices_of_the_community(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world, resident = await card_world(client, stack)
        published = await client.post(
            "/api/v1/notices",
            headers=world.staff,
            json={
                "community_id": str(world.community_id),
                "title": "关于小区出入管理的通知",
                "body": "每户每两天可由一名家庭成员外出采购。",
                "pinned": True,
            },
        )
        assert published.status_code == 201, published.text
        notices = (await get_card(client, resident))["notices"]
        assert notices["available"] is True
        [notice] = notices["items"]
        assert (notice["title"], notice["pinned"]) == ("关于小区出入管理的通知", True)
        assert notice["body"] == "每户每两天可由一名家庭成员外出采购。"


class TestQuarantineAndOuting:
    async def test_quarantined_household(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world, resident = await card_world(client, stack)
        end = today() + timedelta(days=14)
        started = await start_quarantine(
            client, world.staff, world.tree.household_ids[0], planned_end_date=end.isoformat()
        )
        assert started.status_code == 201, started.text
        card = await get_card(client, resident)
        assert card["household"]["status"] == "home_quarantine"
        assert card["quarantine"]["in_quarantine"] is True
        assert card["quarantine"]["end_date"] == end.isoformat()
        [period] = card["quarantine"]["periods"]
        assert (period["kind"], period["person_name"]) == ("home", None)
        assert period["planned_end_date"] == end.isoformat()
        assert card["outing"]["can_go_out_now"] is False
        assert card["outing"]["reason"] == "quarantined"
        assert card["outing"]["next_allowed_at"] is None
        assert f"{end:%m月%d日}" in card["outing"]["message"]
        assert card["pass"]["effective_status"] == "suspended"

    async def test_quota_used_gives_the_next_allowed_outing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        rule = {"quota_scope": "household", "quota_exits": 1, "quota_period_days": 2}
        world, resident = await card_world(client, stack, rule)
        before = await get_card(client, resident)
        assert before["outing"]["can_go_out_now"] is True
        assert before["outing"]["quota"]["left"] == 1
        logged = await log_passage(client, world, world.passes[0])
        assert logged["verdict"] == "allow", logged
        after = (await get_card(client, resident))["outing"]
        assert after["can_go_out_now"] is False
        assert after["reason"] == "quota_used"
        assert after["quota"]["used"] == 1
        assert after["quota"]["left"] == 0
        next_at = datetime.fromisoformat(after["next_allowed_at"])
        assert next_at == datetime.fromisoformat(after["quota"]["window_ends_at"])
        local = next_at.astimezone(SHANGHAI)
        assert (local.hour, local.minute) == (0, 0)
        assert next_at > datetime.now(SHANGHAI)
        assert next_at - datetime.now(SHANGHAI) <= timedelta(days=2)
        # the other household's quota is its own
        other = await resident_headers(client, world.staff, world.tree.household_ids[1])
        assert (await get_card(client, other))["outing"]["can_go_out_now"] is True

    async def test_curfew_now(self, client: httpx.AsyncClient, stack: Stack) -> None:
        now = datetime.now(SHANGHAI)
        start, end = now - timedelta(hours=1), now + timedelta(hours=1)
        rule = {"curfew_start": f"{start:%H:%M}", "curfew_end": f"{end:%H:%M}"}
        _, resident = await card_world(client, stack, rule)
        outing = (await get_card(client, resident))["outing"]
        assert outing["reason"] == "curfew"
        assert outing["curfew"] == f"{start:%H:%M}–{end:%H:%M}"
        next_at = datetime.fromisoformat(outing["next_allowed_at"]).astimezone(SHANGHAI)
        assert f"{next_at:%H:%M}" == f"{end:%H:%M}"
        assert timedelta(0) < next_at - now <= timedelta(hours=1)


class TestOutingRoute:
    """The registry route the card reads, as other callers see it."""

    async def test_a_resident_cannot_read_another_household(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world, resident = await card_world(client, stack)
        other = world.tree.household_ids[1]
        response = await client.get(f"/api/v1/gate/households/{other}/outing", headers=resident)
        assert response.status_code == 404
        assert response.json()["type"] == "/problems/household-not-found"

    async def test_staff_read_any_household_of_their_community(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world, _ = await card_world(client, stack)
        household_id = world.tree.household_ids[1]
        path = f"/api/v1/gate/households/{household_id}/outing"
        response = await client.get(path, headers=world.staff)
        assert response.status_code == 200, response.text
        assert response.json()["household_id"] == str(household_id)
        stranger = await headers_for(client, stack, "staff", [uuid.uuid4()])
        assert (await client.get(path, headers=stranger)).status_code == 404
        unknown = f"/api/v1/gate/households/{uuid.uuid4()}/outing"
        assert (await client.get(unknown, headers=world.staff)).status_code == 404
        bad = await client.get("/api/v1/gate/households/101/outing", headers=world.staff)
        assert bad.status_code == 422


class TestOrdersOnTheCard:
    async def test_recent_orders_with_partner_and_status(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world, resident = await card_world(client, stack)
        partner_id = await make_partner(stack, world.community_id, "惠民超市")
        await add_directory(stack, world.community_id, world.tree.household_ids)
        item = await add_item(stack, partner_id, world.community_id, "大白菜")
        round_id = await add_round(stack, world.community_id)
        placed = await client.post(
            "/api/v1/orders",
            headers={**resident, "Idempotency-Key": str(uuid.uuid4())},
            json={
                "partner_id": str(partner_id),
                "round_id": str(round_id),
                "lines": [{"item_id": str(item), "quantity": 3}],
            },
        )
        assert placed.status_code == 201, placed.text
        orders = (await get_card(client, resident))["orders"]
        assert orders["available"] is True
        [order] = orders["items"]
        assert order["id"] == placed.json()["id"]
        assert (order["partner_name"], order["status"]) == ("惠民超市", "placed")
        assert (order["item_count"], order["delivery_mode"]) == (3, "gate")
        assert order["payable_fen"] == 450
        other = await resident_headers(client, world.staff, world.tree.household_ids[1])
        assert (await get_card(client, other))["orders"]["items"] == []


class TestPartialFailure:
    async def test_supplies_down_leaves_the_card_without_orders(
        self, client: httpx.AsyncClient, stack: Stack, supplies_down: httpx.AsyncClient
    ) -> None:
        world, _ = await card_world(client, stack)
        resident = await resident_headers(supplies_down, world.staff, world.tree.household_ids[0])
        response = await supplies_down.get(CARD, headers=resident)
        assert response.status_code == 200, response.text
        card = response.json()
        assert card["pass"]["number"] == world.passes[0]["number"]
        assert card["orders"]["available"] is False
        assert card["orders"]["items"] == []
        assert card["orders"]["problem"]["type"] == "/problems/upstream-unavailable"
        assert card["orders"]["problem"]["title"] == "后端服务暂不可用"
        english = await supplies_down.get(CARD, headers={**resident, "Accept-Language": "en"})
        assert english.json()["orders"]["problem"]["title"] == "A backend service is unavailable"

    async def test_registry_down_is_503(
        self, client: httpx.AsyncClient, stack: Stack, registry_down: httpx.AsyncClient
    ) -> None:
        world, resident = await card_world(client, stack)
        response = await registry_down.get(CARD, headers=resident)
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"] == "/problems/upstream-unavailable"
