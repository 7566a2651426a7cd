"""The care list end to end on a phone: staff build it from the demo community's registry, grid1
opens today's check-ins for their buildings, records a door visit where the person needs help,
and the office's dashboard shows the red line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.pwa.conftest import PASSWORD, Pwa
from tests.e2e.pwa.steps import sign_in

Shot = Callable[[Page, str], Path]


def ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def open_tile(page: Page, name: str) -> None:
    page.locator(".bar-title").click()
    page.get_by_role("button", name=name, exact=True).click()


def test_grid1_checks_on_the_care_list_and_the_office_sees_who_needs_help(
    pwa: Pwa, page: Page, shot: Shot
) -> None:
    community = ok(pwa.api("GET", "/communities"))[0]["id"]
    built = ok(pwa.api("POST", "/care-list/build", json={"community_id": community}))
    assert built["listed"] > 0
    everyone = ok(pwa.api("GET", "/care-list", params={"limit": 200}))["total"]

    sign_in(page, "grid1", PASSWORD)
    expect(page.get_by_test_id("account")).to_be_visible()
    open_tile(page, "关爱回访")
    expect(page).to_have_url(re.compile(r"/staff/care$"))
    expect(page.get_by_test_id("care-count")).to_contain_text("共")
    entries = page.get_by_test_id("care-entry")
    expect(entries.first).to_be_visible()
    due = entries.count()
    assert 0 < due < everyone  # grid1's buildings only
    assert all(
        re.search(r"东苑 [1-4]栋", entries.nth(i).inner_text()) for i in range(due)
    )  # 1–3栋, and floors 1–3 of 4栋
    name = entries.first.locator("strong").inner_text()
    assert name.endswith("*")  # masked
    shot(page, "care-due")

    entries.first.click()
    form = page.get_by_test_id("care-form")
    form.locator("[data-way=door]").click()
    form.locator("input[name=note]").fill("降压药快吃完了")
    shot(page, "care-check-in")
    form.locator("[data-outcome=needs_help]").click()
    expect(page.get_by_test_id("care-flash")).to_contain_text("已上报")
    expect(entries).to_have_count(due - 1)  # done for today
    page.get_by_test_id("care-all").click()
    escalated = page.locator("[data-testid=care-entry][data-escalated=true]")
    expect(escalated).to_have_count(1)
    expect(escalated).to_contain_text(name)
    shot(page, "care-escalated")

    tasks = ok(pwa.api("GET", "/tasks", params={"limit": 200}))["items"]
    care_tasks = [t for t in tasks if t["kind"] == "care"]
    assert len(care_tasks) == 1
    assert "降压药快吃完了" in care_tasks[0]["note"]

    page.get_by_test_id("account").click()
    page.get_by_test_id("sign-out").click()
    expect(page).to_have_url(re.compile(r"/signin"))
    sign_in(page, "staff", PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/signin"))
    page.goto(f"{pwa.url}/staff/dashboard")
    alert = page.locator(".figure", has_text="关爱对象需帮助或失联")
    for _ in range(20):  # the dashboard answers from a snapshot up to a few seconds old
        if alert.locator("strong").inner_text().strip() == "1":
            break
        page.wait_for_timeout(500)
        page.get_by_role("button", name="刷新").click()
    expect(alert.locator("strong")).to_have_text("1")
    shot(page, "care-dashboard")
