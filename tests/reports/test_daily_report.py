"""The daily report (日报) through the gateway: each figure against the records of the world built
for it, an officer across their communities, staff in their own, a future day refused, XLSX."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from typing import Any

import httpx
from python_calamine import CalamineWorkbook

from tests.builders import headers_for
from tests.conftest import Stack
from tests.reports.builders import shanghai_today
from tests.reports.world import World, build_world

EXPECTED_A = {
    "community_name": "东湖社区",
    "subdistrict": "测试街道",
    "households": 3,
    "households_screened": 2,
    "high_risk_households": 1,
    "returnees_registered": 2,
    "visitors_registered": 1,
    "people_home_quarantine": 1,
    "people_centralized_quarantine": 3,
    "households_in_quarantine": 3,
    "quarantines_started": 1,
    "quarantines_released": 1,
    "referrals_opened": 2,
    "referrals_open": 2,
    "gate_passages_out": 4,
    "gate_passages_in": 2,
    "gate_denied": 3,
    "gate_denied_people": 2,
    "gate_denied_by_reason": {"fever": 1, "quota_used": 2},
    "gate_fevers": 1,
    "tasks_done": 2,
    "orders_placed": 1,
    "orders_delivered": 4,
    "orders_delivered_gate": 4,
    "orders_delivered_door": 1,
    "orders_undelivered": 3,
    "households_reached": 2,
    "stock_distributed": [
        {"name": "84消毒液", "unit": "瓶", "quantity": 2},
        {"name": "口罩", "unit": "只", "quantity": 13},
    ],
}
EXPECTED_B = {
    "households": 2,
    "households_screened": 1,
    "gate_passages_out": 1,
    "gate_denied": 1,
    "gate_denied_by_reason": {"curfew": 1},
    "orders_delivered": 0,
    "stock_distributed": [{"name": "口罩", "unit": "只", "quantity": 7}],
}


def _sorted_stock(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "stock_distributed": sorted(row["stock_distributed"], key=lambda s: s["name"])}


async def _report(
    client: httpx.AsyncClient, headers: dict[str, str], **params: object
) -> httpx.Response:
    query = {k: str(v) for k, v in params.items()}
    return await client.get("/api/v1/reports/daily", headers=headers, params=query)


async def _officer(client: httpx.AsyncClient, stack: Stack, world: World) -> dict[str, str]:
    return await headers_for(client, stack, "officer", [world.a, world.b])


class TestDailyReport:
    async def test_each_figure_of_each_community_and_the_totals(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await build_world(stack)
        response = await _report(client, await _officer(client, stack, world), date=world.day)
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["date"] == world.day.isoformat()
        rows = {uuid.UUID(r["community_id"]): _sorted_stock(r) for r in report["communities"]}
        assert set(rows) == {world.a, world.b}  # not world.c: not the officer's
        assert {k: rows[world.a][k] for k in EXPECTED_A} == EXPECTED_A
        assert {k: rows[world.b][k] for k in EXPECTED_B} == EXPECTED_B
        totals = _sorted_stock(report["totals"])
        assert totals["households"] == 5
        assert totals["households_screened"] == 3
        assert totals["gate_passages_out"] == 5
        assert totals["gate_denied_by_reason"] == {"curfew": 1, "fever": 1, "quota_used": 2}
        assert totals["orders_undelivered"] == 3
        assert totals["tasks_done"] == 2
        assert totals["stock_distributed"] == [
            {"name": "84消毒液", "unit": "瓶", "quantity": 2},
            {"name": "口罩", "unit": "只", "quantity": 20},
        ]

    async def test_staff_see_their_community_only(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await build_world(stack)
        staff = await headers_for(client, stack, "staff", [world.a])
        own = await _report(client, staff, date=world.day)
        assert [r["community_id"] for r in own.json()["communities"]] == [str(world.a)]
        assert own.json()["totals"]["gate_passages_out"] == 4
        other = await _report(client, staff, date=world.day, community_id=world.c)
        assert other.status_code == 404
        assert other.headers["content-type"] == "application/problem+json"
        assert other.json()["type"] == "/problems/community-not-found"

    async def test_one_community_of_an_officer(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await build_world(stack)
        officer = await _officer(client, stack, world)
        response = await _report(client, officer, date=world.day, community_id=world.b)
        assert response.status_code == 200
        (row,) = response.json()["communities"]
        assert row["community_id"] == str(world.b)
        assert row["stock_distributed"] == [{"name": "口罩", "unit": "只", "quantity": 7}]
        assert response.json()["totals"]["orders_delivered"] == 0

    async def test_a_day_in_the_future_is_refused(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await build_world(stack)
        officer = await _officer(client, stack, world)
        tomorrow = shanghai_today() + timedelta(days=1)
        for path in ("/api/v1/reports/daily", "/api/v1/reports/daily.xlsx"):
            response = await client.get(path, headers=officer, params={"date": str(tomorrow)})
            assert response.status_code == 422, response.text
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["type"] == "/problems/report-day-in-future"
        for path in ("/api/v1/registry-reports/daily", "/api/v1/supplies-reports/daily"):
            response = await client.get(path, headers=officer, params={"date": str(tomorrow)})
            assert response.json()["type"] == "/problems/report-day-in-future"

    async def test_today_by_default_and_bad_dates(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await build_world(stack)
        officer = await _officer(client, stack, world)
        today = await _report(client, officer)
        assert today.status_code == 200
        assert today.json()["date"] == shanghai_today().isoformat()
        assert today.json()["totals"]["households"] == 5
        for bad in ("2020-02-30", "yesterday", "20200210"):
            response = await _report(client, officer, date=bad)
            assert response.status_code == 422
            assert response.json()["type"] == "/problems/validation-error"
        odd = await _report(client, officer, community_id="not-a-uuid")
        assert odd.status_code == 422


class TestDailyReportWorkbook:
    async def test_the_sheet_reads_back_with_headers_rows_and_totals(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await build_world(stack)
        officer = await _officer(client, stack, world)
        response = await client.get(
            "/api/v1/reports/daily.xlsx", headers=officer, params={"date": str(world.day)}
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert f"daily-report-{world.day}.xlsx" in response.headers["content-disposition"]
        book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        assert book.sheet_names == ["日报"]
        rows = book.get_sheet_by_name("日报").to_python()
        assert rows[0][0] == f"测试街道疫情防控工作日报（{world.day:%Y年%m月%d日}）"
        headers = rows[2]
        assert headers[:4] == ["序号", "社区", "户数", "排查户数"]
        assert "发放口罩（只）" in headers
        assert "发放84消毒液（瓶）" in headers
        assert "完成任务" in headers
        by_name = {r[1]: dict(zip(headers, r, strict=True)) for r in rows[3:]}
        assert set(by_name) == {"东湖社区", "西湖社区", "合计"}
        east, total = by_name["东湖社区"], by_name["合计"]
        assert east["排查户数"] == 2
        assert east["居家隔离人数"] == 1
        assert east["集中隔离人数"] == 3
        assert east["出门人次"] == 4
        assert east["劝返人次"] == 3
        assert east["送达订单"] == 4
        assert east["当日批次未送达"] == 3
        assert east["发放口罩（只）"] == 13
        assert east["完成任务"] == 2
        assert east["劝返原因"] == "体温异常 1；外出次数已用完 2"
        assert total["户数"] == 5
        assert total["出门人次"] == 5
        assert total["发放口罩（只）"] == 20
        assert total["劝返原因"] == "宵禁时段 1；体温异常 1；外出次数已用完 2"
