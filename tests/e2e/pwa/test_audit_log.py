"""The audit log screen on a laptop-sized window: an administrator finds who read a person's full
ID number and why, filters by action, and exports the log with a reason, which is recorded too."""

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


def test_an_administrator_reads_and_exports_the_audit_log(pwa: Pwa, page: Page, shot: Shot) -> None:
    person = ok(pwa.api("GET", "/people", params={"limit": 1}))["items"][0]
    ok(
        pwa.api(
            "GET", f"/people/{person['id']}", params={"reveal": "true", "reason": "核对返乡登记"}
        )
    )

    page.set_viewport_size({"width": 1100, "height": 800})
    sign_in(page, "admin", PASSWORD)
    expect(page.get_by_test_id("account")).to_be_visible()
    page.locator(".bar-title").click()
    page.get_by_role("button", name="审计日志", exact=True).click()
    expect(page).to_have_url(re.compile(r"/staff/audit-log$"))
    expect(page.get_by_test_id("audit-count")).to_contain_text("共")
    page.locator("select[name=action]").select_option("reveal_personal_data")
    page.get_by_test_id("audit-apply").click()
    events = page.get_by_test_id("audit-event")
    expect(events.first).to_contain_text("查看完整个人信息")
    expect(events.first).to_contain_text("核对返乡登记")
    expect(
        page.locator("[data-testid=audit-event]:not([data-action=reveal_personal_data])")
    ).to_have_count(0)
    shot(page, "audit-log")

    page.locator("input[name=reason]").fill("街道督查抽查")
    with page.expect_download() as downloaded:
        page.get_by_test_id("audit-export").click()
    assert downloaded.value.suggested_filename.endswith(".xlsx")
    page.locator("select[name=action]").select_option("export_audit_log")
    page.get_by_test_id("audit-apply").click()
    expect(page.get_by_test_id("audit-event").first).to_contain_text("街道督查抽查")
    shot(page, "audit-log-export-recorded")
