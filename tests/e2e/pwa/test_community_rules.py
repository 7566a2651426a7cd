"""防控规则 on the office's laptop: staff let quarantined households' self-reports stand for the
follow-up call; the bulk-change threshold is read-only to them and set by an administrator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from shouhu_common.demo_ids import DEMO_COMMUNITY_ID
from tests.e2e.pwa.conftest import PASSWORD, Pwa
from tests.e2e.pwa.steps import sign_in

Shot = Callable[[Page, str], Path]
RULES = f"/quarantine-rules/{DEMO_COMMUNITY_ID}"


def ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def test_staff_and_an_administrator_set_the_community_rules(
    pwa: Pwa, page: Page, shot: Shot
) -> None:
    before = ok(pwa.api("GET", RULES))
    admin = {"Authorization": ""}
    try:
        page.set_viewport_size({"width": 1100, "height": 800})
        sign_in(page, "staff", PASSWORD)
        expect(page.get_by_test_id("account")).to_be_visible()
        page.goto("/staff/rules")
        form = page.get_by_test_id("community-rules")
        expect(form.locator("input[name=bulk_change_threshold]")).to_be_disabled()
        expect(form).to_contain_text("仅管理员可修改")
        form.locator("input[name=self_reports_replace_calls]").set_checked(
            not before["self_reports_replace_calls"]
        )
        form.get_by_test_id("rules-save").click()
        expect(form.get_by_test_id("rules-saved")).to_be_visible()
        shot(page, "community-rules-staff")
        after_staff = ok(pwa.api("GET", RULES))
        assert after_staff["self_reports_replace_calls"] is not before["self_reports_replace_calls"]

        page.get_by_test_id("account").click()
        page.get_by_test_id("sign-out").click()
        sign_in(page, "admin", PASSWORD)
        expect(page.get_by_test_id("account")).to_be_visible()
        page.goto("/staff/rules")
        threshold = form.locator("input[name=bulk_change_threshold]")
        expect(threshold).to_be_enabled()
        threshold.fill(str(before["bulk_change_threshold"] + 5))
        form.get_by_test_id("rules-save").click()
        expect(form.get_by_test_id("rules-saved")).to_be_visible()
        shot(page, "community-rules-admin")
        assert ok(pwa.api("GET", RULES))["bulk_change_threshold"] == (
            before["bulk_change_threshold"] + 5
        )
    finally:
        token = httpx.post(
            f"{pwa.url}/api/v1/auth/token",
            data={"username": "admin", "password": PASSWORD},
            timeout=10,
        ).json()["access_token"]
        admin["Authorization"] = f"Bearer {token}"
        restore = {
            "self_reports_replace_calls": before["self_reports_replace_calls"],
            "bulk_change_threshold": before["bulk_change_threshold"],
        }
        ok(pwa.api("PUT", RULES, json=restore, headers=admin))
