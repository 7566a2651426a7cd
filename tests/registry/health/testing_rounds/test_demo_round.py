"""The demo's testing round as `make run` shows it: today's, under way, at two points, with every
household of the demo in a slot."""

from __future__ import annotations

import time

import httpx

from gateway.accounts.models import User
from registry import demo
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, demo_household_id, demo_user_id
from tests.builders import password_hash, sign_in
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import today
from tests.registry.health.testing_rounds.builders import R
from tests.supplies.builders import resident_headers


async def test_the_demo_has_todays_round_under_way(client: httpx.AsyncClient, stack: Stack) -> None:
    started = time.monotonic()
    async with stack.registry.state.sessionmaker() as session:
        await demo.load_demo(session, stack.registry.state.cipher)
    assert time.monotonic() - started < 60
    async with stack.gateway.state.sessionmaker() as session:
        session.add(
            User(
                id=demo_user_id("staff"),
                username="staff",
                display_name="staff",
                role="staff",
                password_hash=password_hash(),
                community_ids=[str(DEMO_COMMUNITY_ID)],
            )
        )
        await session.commit()
    staff = {"Authorization": f"Bearer {await sign_in(client, 'staff')}"}
    rounds = (await client.get(R, headers=staff)).json()["items"]
    assert [(r["round_date"], r["status"], len(r["points"])) for r in rounds] == [
        (today().isoformat(), "sampling", 2)
    ]
    slots = (await client.get(f"{R}/{rounds[0]['id']}/slots", headers=staff)).json()
    assert sum(s["households"] for s in slots) == 600
    assert {s["point_name"] for s in slots} == {"东苑采样点", "西苑采样点"}
    home = await client.get(f"{R}/{rounds[0]['id']}/arrangements", headers=staff)
    assert {a["reason"] for a in home.json()} == {"bedridden", "quarantined"}
    resident = await resident_headers(client, staff, demo_household_id(1))
    card = (await client.get("/api/v1/household-card", headers=resident)).json()
    assert card["testing"]["round"]["id"] == rounds[0]["id"]
    assert card["testing"]["slot"]["starts_at"] == "07:00"
