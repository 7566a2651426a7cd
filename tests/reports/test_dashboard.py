"""The staff dashboard through the gateway: today's figures so far, the open work now, each with
the list that shows it, the hourly chart; one community; supplies down still shows the rest."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from registry.health.follow_ups.service import period_of
from tests.builders import headers_for, make_community
from tests.conftest import Stack
from tests.databases import SuiteDatabases
from tests.gateway.test_upstream_faults import faulty_gateway
from tests.reports.builders import (
    SHANGHAI,
    RegistryRecords,
    SuppliesRecords,
    add_member,
    backdate_community,
    local,
    shanghai_today,
)
from tests.reports.world import heads, now_in_day
from tests.servers import refusing_port


@dataclass
class Today:
    community_id: uuid.UUID
    other_id: uuid.UUID
    moment: datetime  # when today's records happened
    round_id: uuid.UUID


async def build_today(stack: Stack) -> Today:
    today = shanghai_today()
    moment = now_in_day(today)
    tree = await make_community(stack, "东湖社区", households=3)
    other = await make_community(stack, "西湖社区", households=1)
    await backdate_community(stack, tree.community_id, local(today - timedelta(days=30), 9))
    hh = tree.household_ids
    head = await heads(stack, hh)
    await add_member(stack, hh[0], tree.community_id)  # under the household's quarantine
    r = RegistryRecords(stack, tree.community_id)
    round_id = r.round()
    r.screening(round_id, hh[0], moment, "reached", "low")
    r.screening(round_id, hh[1], moment, "not_reached")
    quarantine = r.quarantine(hh[0], "home", today - timedelta(days=2))
    r.follow_up(quarantine, head[0], datetime.now(UTC), period_of(datetime.now(SHANGHAI)).value)
    r.referral(hh[1], head[1], moment)
    r.gate_log(moment)
    r.gate_log(moment, direction="in")
    r.gate_log(moment, verdict="deny", reason="quota_used")
    r.gate_log(local(today - timedelta(days=1), 12))  # yesterday: not today's
    r.task(moment)
    now = datetime.now(UTC)
    r.shift(now + timedelta(hours=1))  # nobody on it
    r.shift(now + timedelta(hours=30))  # beyond the next 24 hours
    due = (now - timedelta(hours=3)).astimezone(SHANGHAI)
    r.disinfection_due(f"{due:%H:%M}", since=now - timedelta(days=2))
    await r.save()
    s = SuppliesRecords(stack, tree.community_id)
    delivery = s.round(today, 10)
    s.order(delivery, "delivered_gate", created_at=moment, timeline=(("delivered_gate", moment),))
    s.order(delivery, "placed", created_at=moment)
    s.order(delivery, "accepted", mode="door", created_at=moment)
    await s.save()
    return Today(tree.community_id, other.community_id, moment, delivery)


def _figures(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["key"]: f for f in items}


class TestDashboard:
    async def test_today_open_work_and_chart(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await build_today(stack)
        staff = await headers_for(client, stack, "staff", [world.community_id])
        response = await client.get("/api/v1/dashboard", headers=staff)
        assert response.status_code == 200, response.text
        board = response.json()
        assert board["community_id"] == str(world.community_id)
        assert board["date"] == shanghai_today().isoformat()
        assert board["unavailable"] == []
        today = _figures(board["today"])
        assert {k: today[k]["value"] for k in today} == {
            "households_screened": 1,
            "high_risk_households": 0,
            "returnees_registered": 0,
            "people_home_quarantine": 2,
            "people_centralized_quarantine": 0,
            "quarantines_started": 0,
            "quarantines_released": 0,
            "referrals_opened": 1,
            "follow_ups_done": 1,
            "gate_passages_out": 1,
            "gate_passages_in": 1,
            "gate_denied": 1,
            "gate_fevers": 0,
            "visitors_registered": 0,
            "tasks_done": 1,
            "care_checked": 0,
            "orders_delivered": 1,
            "orders_delivered_door": 0,
            "households_reached": 0,
        }
        work = _figures(board["open_work"])
        assert work["unscreened_households"]["value"] == 2
        assert work["follow_ups_due"]["value"] == 1  # the member; the head was checked
        assert work["follow_ups_missed"]["value"] == 2
        assert work["open_referrals"]["value"] == 1
        assert work["orders_undelivered"]["value"] == 2
        assert work["uncovered_shifts"]["value"] == 1
        assert work["overdue_disinfections"]["value"] == 1
        c = world.community_id
        assert work["unscreened_households"]["link"] == (
            f"/api/v1/screenings/work-list?community_id={c}"
        )
        assert work["open_referrals"]["link"] == f"/api/v1/referrals?community_id={c}&status=open"
        assert today["gate_denied"]["link"].startswith(
            f"/api/v1/gate/logs?verdict=deny&community_id={c}"
        )
        (round_,) = board["delivery_rounds"]
        assert round_["link"] == f"/api/v1/orders?round_id={world.round_id}"
        assert (round_["orders"], round_["undelivered"]) == (3, 2)
        hours = board["hours"]
        assert len(hours) == 24
        n = int((world.moment - local(shanghai_today(), 0)) / timedelta(hours=1))
        assert (hours[n]["gate_passages_out"], hours[n]["gate_passages_in"]) == (1, 1)
        assert hours[n]["gate_denied"] == 1
        assert hours[n]["orders_delivered"] == 1
        assert sum(h["gate_passages_out"] for h in hours) == 1
        assert sum(h["follow_ups_done"] for h in hours) == 1

    async def test_every_link_answers(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await build_today(stack)
        staff = await headers_for(client, stack, "staff", [world.community_id])
        board = (await client.get("/api/v1/dashboard", headers=staff)).json()
        links = [f["link"] for f in board["today"] + board["open_work"] if f["link"]]
        links += [r["link"] for r in board["delivery_rounds"]]
        for link in links:
            response = await client.get(link, headers=staff)
            assert response.status_code == 200, f"{link}: {response.text}"
        # the open work's counts are the totals of the lists they link to
        work = _figures(board["open_work"])
        for key in (
            "unscreened_households",
            "follow_ups_due",
            "follow_ups_missed",
            "open_referrals",
            "overdue_disinfections",
            "care_escalated",
            "care_due",
        ):
            listed = (await client.get(work[key]["link"], headers=staff)).json()
            assert listed["total"] == work[key]["value"], key

    async def test_one_community_must_be_named_and_be_yours(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await build_today(stack)
        both = await headers_for(client, stack, "staff", [world.community_id, world.other_id])
        unclear = await client.get("/api/v1/dashboard", headers=both)
        assert unclear.status_code == 422
        assert unclear.json()["type"] == "/problems/community-unclear"
        named = await client.get(
            "/api/v1/dashboard", headers=both, params={"community_id": str(world.other_id)}
        )
        assert named.status_code == 200
        assert _figures(named.json()["today"])["gate_passages_out"]["value"] == 0
        own = await headers_for(client, stack, "staff", [world.other_id])
        other = await client.get(
            "/api/v1/dashboard", headers=own, params={"community_id": str(world.community_id)}
        )
        assert other.status_code == 404
        assert other.json()["type"] == "/problems/community-not-found"

    async def test_roles(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await build_today(stack)
        for role, status in (("grid_worker", 403), ("officer", 403), ("admin", 200)):
            headers = await headers_for(client, stack, role, [world.community_id])
            params = {"community_id": str(world.community_id)}
            response = await client.get("/api/v1/dashboard", headers=headers, params=params)
            assert response.status_code == status, (role, response.text)


@pytest.fixture
async def supplies_down(
    client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
) -> AsyncIterator[httpx.AsyncClient]:
    with refusing_port() as url:
        async for c in faulty_gateway(stack, databases, url):
            yield c


class TestDashboardWithoutSupplies:
    async def test_the_registry_part_still_shows(
        self, client: httpx.AsyncClient, supplies_down: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await build_today(stack)
        staff = await headers_for(client, stack, "staff", [world.community_id])
        response = await supplies_down.get("/api/v1/dashboard", headers=staff)
        assert response.status_code == 200, response.text
        board = response.json()
        assert board["unavailable"] == ["supplies"]
        assert _figures(board["today"])["orders_delivered"]["value"] is None
        assert _figures(board["today"])["gate_passages_out"]["value"] == 1
        assert all(h["orders_delivered"] is None for h in board["hours"])
        report = await supplies_down.get("/api/v1/reports/daily", headers=staff)
        assert report.status_code == 503  # the sub-district's report is complete or nothing
        assert report.json()["type"] == "/problems/upstream-unavailable"
