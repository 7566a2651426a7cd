"""Self-report end to end on a phone: a resident of a household in home quarantine reports a
member's 38.2 °C from the household card; the card says the fever clinic is arranged, the member
shows as reported, the office's referral list has the referral the report opened, and the
follow-up list and the household file show the self-report."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from shouhu_common.demo_ids import demo_household_id
from tests.e2e.pwa.conftest import PASSWORD, Pwa
from tests.e2e.pwa.steps import sign_in
from tests.e2e.pwa.test_household import sign_in_resident

Shot = Callable[[Page, str], Path]
HOUSEHOLD = 590  # a demo household of its own: the other tests leave it alone


def ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def test_a_quarantined_household_reports_a_fever_from_the_card(
    pwa: Pwa, page: Page, shot: Shot
) -> None:
    household_id = str(demo_household_id(HOUSEHOLD))
    ok(
        pwa.api(
            "POST",
            "/quarantines",
            json={
                "client_id": str(uuid.uuid4()),
                "household_id": household_id,
                "reason_code": "close_contact",
                "reason": "与确诊病例同楼栋",
            },
        )
    )
    sign_in_resident(page, HOUSEHOLD)
    part = page.get_by_test_id("self-report")
    expect(part).to_be_visible()
    expect(part).to_contain_text("隔离期间社区仍会电话随访")
    member = part.get_by_test_id("self-report-member").first
    expect(member).to_have_attribute("data-reported", "no")
    name = member.locator(".member-name").inner_text()
    member.get_by_test_id("open-self-report").click()
    form = member.get_by_test_id("self-report-form")
    form.locator("input[name=temperature]").fill("38.2")
    form.locator("[data-symptom=cough]").click()
    expect(form).to_contain_text("请留在家中")
    part.scroll_into_view_if_needed()
    shot(page, "self-report-form")
    form.get_by_test_id("submit-self-report").click()
    expect(page.get_by_test_id("self-report-referral")).to_contain_text("发热门诊")
    reported = part.locator("[data-testid=self-report-member][data-reported=yes]")
    expect(reported.first).to_contain_text("38.2")
    part.scroll_into_view_if_needed()
    shot(page, "self-report-done")

    referrals = ok(pwa.api("GET", "/referrals", params={"limit": 200}))["items"]
    mine = [r for r in referrals if r["household_id"] == household_id]
    assert len(mine) == 1
    assert (mine[0]["source"], mine[0]["temperature"], mine[0]["person_name"]) == (
        "self_report",
        38.2,
        name,
    )

    page.get_by_test_id("account").click()
    page.get_by_test_id("sign-out").click()
    expect(page).to_have_url(re.compile(r"/signin"))
    page.get_by_test_id("tab-staff").click()  # the phone opens on the tab it last used
    sign_in(page, "staff", PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/signin"))
    page.goto(f"{pwa.url}/staff/referrals")
    item = page.locator(f"[data-testid=referral-item][data-address='{mine[0]['address']}']")
    expect(item).to_contain_text("住户自主上报")
    expect(item).to_contain_text("38.2")
    item.scroll_into_view_if_needed()
    shot(page, "self-report-office-referral")

    page.goto(f"{pwa.url}/staff/follow-ups")
    today = page.get_by_test_id("self-reports-today")
    row = today.get_by_test_id("self-report-row").filter(has_text=name)
    expect(row).to_contain_text("38.2")
    today.scroll_into_view_if_needed()
    shot(page, "self-report-follow-up-list")

    page.goto(f"{pwa.url}/staff/households/{household_id}")
    on_file = page.get_by_test_id("household-self-reports")
    expect(on_file.get_by_test_id("self-report-row")).to_contain_text("38.2")
    on_file.scroll_into_view_if_needed()
    shot(page, "self-report-household-file")
