"""The demo's roster and shifts as the PWA meets them: `gate1` sees its week, staff see the
roster, the coverage gaps left on purpose, and `grid1`'s floors."""

from __future__ import annotations

from datetime import timedelta

import httpx

from gateway.accounts.models import User
from registry import demo
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, demo_user_id
from tests.builders import password_hash, sign_in
from tests.conftest import Stack
from tests.registry.operations.shifts.builders import S, local, today


async def _load(stack: Stack) -> None:
    async with stack.registry.state.sessionmaker() as session:
        await demo.load_demo(session, stack.registry.state.cipher)
    async with stack.gateway.state.sessionmaker() as session:
        for username, role in (("gate1", "gate_volunteer"), ("staff", "staff")):
            session.add(
                User(
                    id=demo_user_id(username),
                    username=username,
                    display_name=username,
                    role=role,
                    password_hash=password_hash(),
                    community_ids=[str(DEMO_COMMUNITY_ID)],
                )
            )
        await session.commit()


async def test_the_demo_roster_and_week(client: httpx.AsyncClient, stack: Stack) -> None:
    await _load(stack)
    gate1 = {"Authorization": f"Bearer {await sign_in(client, 'gate1')}"}
    staff = {"Authorization": f"Bearer {await sign_in(client, 'staff')}"}

    roster = (await client.get("/api/v1/workers", headers=staff, params={"limit": 100})).json()
    assert roster["total"] == 30
    assert {w["category"] for w in roster["items"]} == {
        "retired_cadre",
        "veteran",
        "party_member",
        "social_worker",
        "resident_volunteer",
        "subdistrict_staff",
    }
    linked = {w["account_username"]: w["name"] for w in roster["items"] if w["has_account"]}
    assert linked == {"staff": "李敏", "grid1": "王强", "gate1": "陈军"}

    monday = today() - timedelta(days=today().weekday())
    week = {
        "start": local(monday, 0).isoformat(),
        "end": local(monday + timedelta(days=7), 0).isoformat(),
    }
    mine = (await client.get(f"{S}/mine", headers=gate1, params=week)).json()
    assert mine
    assert all(s["gate_name"] for s in mine)
    templates = (await client.get("/api/v1/shift-templates", headers=staff)).json()
    assert [t["name"] for t in templates] == ["早班", "中班", "夜班"]

    params = {"first_day": monday.isoformat(), "last_day": (monday + timedelta(days=6)).isoformat()}
    coverage = (await client.get(f"{S}/coverage", headers=staff, params=params)).json()
    assert coverage["summary"]["shifts"] == 7 * 3 * 3
    nobody = {(u["gate_name"], u["label"]) for u in coverage["unstaffed"] if u["nobody"]}
    assert nobody == {("西苑南门", "20:00–08:00")}
    assert [(o["name"], o["hours"]) for o in coverage["over_hours"]] == [("刘建国", 60.0)]

    grid = (await client.get("/api/v1/assignments/coverage", headers=staff)).json()
    grid1 = next(w for w in grid["workers"] if w["subject"] == f"user:{demo_user_id('grid1')}")
    assert sorted((a["building_name"], a["floor_from"]) for a in grid1["areas"]) == [
        ("1栋", None),
        ("2栋", None),
        ("3栋", None),
        ("4栋", 1),
    ]
    assert grid1["households"] == 3 * 50 + 30
