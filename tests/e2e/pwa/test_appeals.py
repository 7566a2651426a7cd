"""Appeals end to end on phones: a quarantined household reads on its card why it is shut in
(密切接触者, with what staff wrote) and appeals from the card; staff open the appeals screen and
answer 维持 with a note; the household's card then shows the answer."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, demo_household_id
from tests.e2e.pwa.conftest import PASSWORD, Pwa, _login
from tests.e2e.pwa.steps import sign_in

Shot = Callable[[Page, str], Path]
APPEALING = 42  # demo household in home quarantine (registry/demo/gates.py), close contact
HELD = 520  # a demo household no other e2e test uses


def ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def sign_in_resident(page: Page, number: int) -> None:
    page.goto("/signin")
    page.get_by_role("tab", name="居民").click()
    page.locator("input[name=access_code]").fill(f"DEMO-{number:04d}")
    page.get_by_test_id("signin-submit").click()
    expect(page).to_have_url(re.compile(r"/household$"))
    expect(page.get_by_test_id("address")).to_be_visible()


def test_a_household_appeals_its_quarantine_and_reads_the_answer(
    pwa: Pwa, page: Page, shot: Shot
) -> None:
    sign_in_resident(page, APPEALING)
    changes = page.get_by_test_id("status-changes")
    change = changes.get_by_test_id("status-change")
    expect(change).to_have_count(1)
    expect(change.get_by_test_id("status-reason")).to_contain_text("密切接触者")
    expect(change.get_by_test_id("status-reason")).to_contain_text("同乘电梯")
    changes.scroll_into_view_if_needed()
    shot(page, "appeal-card-reason")

    change.get_by_test_id("appeal-button").click()
    form = change.get_by_test_id("appeal-form")
    form.get_by_test_id("appeal-text").fill("当天全家在外地出差，有高铁票为证，没有乘坐那部电梯")
    form.get_by_test_id("appeal-phone").fill("13800138000")
    shot(page, "appeal-form")
    form.get_by_test_id("appeal-send").click()
    expect(change.get_by_test_id("appeal-state")).to_contain_text("等待答复")
    expect(change.get_by_test_id("appeal-button")).to_have_count(0)
    shot(page, "appeal-sent")

    household = str(demo_household_id(APPEALING))
    [appeal] = [
        a
        for a in ok(pwa.api("GET", "/appeals", params={"status": "open"}))["items"]
        if a["household_id"] == household
    ]
    assert appeal["phone"] == "138****8000"

    page.get_by_test_id("account").click()
    page.get_by_test_id("sign-out").click()
    page.goto("/signin")
    page.get_by_test_id("tab-staff").click()
    sign_in(page, "staff", PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/signin"))
    page.goto(f"{pwa.url}/staff/appeals")
    row = page.locator("[data-testid=appeal][data-status=open]", has_text="高铁票")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("138****8000")
    row.locator("button.row").click()
    answer = row.get_by_test_id("answer-form")
    answer.get_by_test_id("answer-note").fill("经流调核实，当日电梯监控显示您家有人乘坐，维持隔离")
    shot(page, "appeal-staff-answer")
    answer.locator("[data-outcome=upheld]").click()
    expect(page.locator("[data-testid=appeal][data-status=open]", has_text="高铁票")).to_have_count(
        0
    )
    page.get_by_test_id("appeals-all").click()
    expect(page.locator("[data-testid=appeal]", has_text="高铁票")).to_contain_text("维持")
    shot(page, "appeal-staff-answered")

    page.get_by_test_id("account").click()
    page.get_by_test_id("sign-out").click()
    sign_in_resident(page, APPEALING)
    answered = page.get_by_test_id("status-change").get_by_test_id("appeal-answer")
    expect(answered).to_contain_text("社区答复：维持")
    expect(answered).to_contain_text("电梯监控")
    page.get_by_test_id("status-changes").scroll_into_view_if_needed()
    shot(page, "appeal-card-answered")


def test_a_bulk_quarantine_waits_for_a_second_account(pwa: Pwa, page: Page, shot: Shot) -> None:
    """staff has already withdrawn passes of two households (the gate world): with a threshold
    of one, their next quarantine is held, and admin approves it on the second-approval screen."""
    admin = _login(pwa.url, "admin")
    rules = f"/quarantine-rules/{DEMO_COMMUNITY_ID}"
    ok(pwa.api("PUT", rules, json={"default_days": 14, "bulk_change_threshold": 1}, headers=admin))
    try:
        household = str(demo_household_id(HELD))
        order = {
            "client_id": str(uuid.uuid4()),
            "household_id": household,
            "reason_code": "from_risk_area",
            "reason": "自上海返回",
        }
        held = pwa.api("POST", "/quarantines", json=order)
        assert held.status_code == 202, held.text
        sign_in(page, "admin", PASSWORD)
        expect(page).not_to_have_url(re.compile(r"/signin"))
        page.goto(f"{pwa.url}/staff/bulk-approvals")
        item = page.get_by_test_id("bulk-approval")
        expect(item).to_have_count(1)
        expect(item).to_contain_text("开始隔离")
        expect(item).to_contain_text("中高风险地区返回")
        shot(page, "bulk-approval-pending")
        item.get_by_test_id("approve").click()
        expect(page.get_by_test_id("bulk-approval")).to_have_count(0)
        shot(page, "bulk-approval-done")
        active = ok(pwa.api("GET", "/quarantines", params={"household_id": household}))
        assert [(q["status"], q["reason_code"]) for q in active["items"]] == [
            ("active", "from_risk_area")
        ]
    finally:
        ok(
            pwa.api(
                "PUT", rules, json={"default_days": 14, "bulk_change_threshold": 20}, headers=admin
            )
        )
