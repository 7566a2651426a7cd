"""The demo's community operations as the office meets them through the gateway."""

from __future__ import annotations

import httpx

from gateway.accounts.models import User
from registry import demo
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, demo_user_id
from tests.builders import password_hash, sign_in
from tests.conftest import Stack


async def test_demo_schedules_tasks_meeting_and_notices(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    async with stack.registry.state.sessionmaker() as session:
        await demo.load_demo(session, stack.registry.state.cipher)
    async with stack.gateway.state.sessionmaker() as session:
        session.add(
            User(
                id=demo_user_id("staff"),
                username="staff",
                display_name="社区工作人员 李敏",
                role="staff",
                password_hash=password_hash(),
                community_ids=[str(DEMO_COMMUNITY_ID)],
            )
        )
        await session.commit()
    staff = {"Authorization": f"Bearer {await sign_in(client, 'staff')}"}

    schedules = (await client.get("/api/v1/disinfections/schedules", headers=staff)).json()
    assert schedules["total"] == 3
    lifts = next(s for s in schedules["items"] if s["place_kind"] == "lift")
    assert len(lifts["places"]) == 12  # every building of the demo
    checklist = await client.get("/api/v1/disinfections/occurrences", headers=staff)
    assert checklist.status_code == 200
    assert checklist.json()["total"] > 0
    assert (await client.get("/api/v1/disinfections/overdue", headers=staff)).status_code == 200
    assert (await client.get("/api/v1/disinfections", headers=staff)).json()["total"] > 0

    tasks = (await client.get("/api/v1/tasks", headers=staff)).json()
    assert tasks["total"] == 5
    meetings = (await client.get("/api/v1/dispatch-meetings", headers=staff)).json()
    assert meetings["total"] == 1
    assert len(meetings["items"][0]["tasks"]) == 2

    notices = (await client.get("/api/v1/notices", headers=staff)).json()["items"]
    assert [(n["title"], n["pinned"]) for n in notices] == [
        ("关于小区出入管理的通知", True),
        ("生活物资配送时间调整", False),
    ]
