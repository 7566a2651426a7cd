"""The day's testing round in the daily report and on the dashboard: expected, sampled, missing,
positive tubes, and the dashboard's link to the missing list."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import update

from registry.health.testing_rounds.models import TestingRound
from tests.builders import headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.sampling.rounds import add_slot, make_round, people_of, swab, upload


async def test_the_days_round_is_counted_in_the_report_and_the_dashboard(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=3)
    rnd = await make_round(stack, tree.community_id)
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the community's day
    async with stack.registry.state.sessionmaker() as session:
        await session.execute(
            update(TestingRound).where(TestingRound.id == rnd.id).values(round_date=today)
        )
        await session.commit()
    await add_slot(stack, rnd, tree.building_id)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    people = await people_of(stack, tree.community_id)
    await upload(client, staff, rnd, [swab(p.id, "T0001", rnd.point_id) for p in people[:2]])

    report = await client.get("/api/v1/reports/daily", headers=staff)
    assert report.status_code == 200, report.text
    day = report.json()["communities"][0]
    counted = ("testing_expected", "testing_sampled", "testing_missing", "testing_positive_tubes")
    assert [day[k] for k in counted] == [3, 2, 1, 0]

    board = await client.get("/api/v1/dashboard", headers=staff)
    work = {f["key"]: f for f in board.json()["open_work"]}
    assert work["testing_missing"]["value"] == 1
    missing = await client.get(work["testing_missing"]["link"], headers=staff)
    assert missing.status_code == 200, missing.text
    households = [
        h for b in missing.json()["buildings"] for f in b["floors"] for h in f["households"]
    ]
    assert len(households) == 1

    sheet = await client.get("/api/v1/reports/daily.xlsx", headers=staff)
    assert sheet.status_code == 200, sheet.text
