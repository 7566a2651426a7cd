"""Notices in the PWA: the link of a notice's share text (and poster QR code) opens its screen,
for a signed-in resident, through sign-in for a signed-out one, and for staff; the list opens
from the household card."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from shouhu_common.demo_ids import DEMO_COMMUNITY_ID
from tests.e2e.pwa.conftest import PASSWORD, Pwa

Shot = Callable[[Page, str], Path]
FIRST, SECOND = 520, 521  # demo households no other e2e test signs in as


def publish(pwa: Pwa, title: str) -> dict[str, Any]:
    body = {
        "client_id": str(uuid.uuid4()),
        "community_id": str(DEMO_COMMUNITY_ID),
        "title": title,
        "body": "明天上午 8 点至 11 点在东苑广场核酸检测。\n请带好身份证，保持一米距离。",
    }
    response = pwa.api("POST", "/notices", json=body)
    assert response.status_code == 201, response.text
    notice: dict[str, Any] = response.json()
    return notice


def link_of(notice: dict[str, Any]) -> str:
    """The link a resident taps in the group chat (the poster's QR code holds the same)."""
    found = re.search(r"详情：(\S+)$", notice["share_text"])
    assert found is not None, notice["share_text"]
    assert found.group(1) == notice["url"]
    return found.group(1)


def sign_in_resident(page: Page, number: int) -> None:
    page.get_by_role("tab", name="居民").click()
    page.locator("input[name=access_code]").fill(f"DEMO-{number:04d}")
    page.get_by_test_id("signin-submit").click()


def test_a_resident_opens_the_share_text_link(pwa: Pwa, page: Page, shot: Shot) -> None:
    notice = publish(pwa, "关于本周六核酸检测的通知")
    link = link_of(notice)
    assert link == f"{pwa.url}/notices/{notice['id']}"
    page.goto("/signin")
    sign_in_resident(page, FIRST)
    expect(page.get_by_test_id("address")).to_be_visible()
    page.goto(link)
    expect(page.get_by_test_id("notice-title")).to_have_text("关于本周六核酸检测的通知")
    expect(page.get_by_test_id("notice-body")).to_contain_text("请带好身份证")
    shot(page, "notice")


def test_signed_out_the_link_goes_through_sign_in(pwa: Pwa, page: Page, shot: Shot) -> None:
    notice = publish(pwa, "小区东门临时封闭通知")
    page.goto(link_of(notice))
    expect(page).to_have_url(re.compile(r"/signin\?next="))
    expect(page.get_by_test_id("signin-next")).to_be_visible()
    expect(page.get_by_role("tab", name="居民")).to_have_attribute("aria-selected", "true")
    shot(page, "notice-signin")
    sign_in_resident(page, SECOND)
    expect(page).to_have_url(re.compile(rf"/notices/{notice['id']}$"))
    expect(page.get_by_test_id("notice-title")).to_have_text("小区东门临时封闭通知")


def test_staff_open_it_too(pwa: Pwa, page: Page) -> None:
    notice = publish(pwa, "志愿者排班调整通知")
    page.goto(link_of(notice))
    page.get_by_role("tab", name="工作人员").click()
    page.locator("input[name=username]").fill("staff")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_test_id("signin-submit").click()
    expect(page.get_by_test_id("notice-title")).to_have_text("志愿者排班调整通知")


def test_the_list_opens_from_the_household_card(pwa: Pwa, page: Page, shot: Shot) -> None:
    notice = publish(pwa, "东苑快递柜临时停用通知")
    page.goto("/signin")
    sign_in_resident(page, FIRST)
    page.get_by_test_id("all-notices").click()
    expect(page).to_have_url(re.compile(r"/notices$"))
    item = page.get_by_test_id("notice-item").filter(has_text="东苑快递柜临时停用通知")
    expect(item).to_be_visible()
    shot(page, "notice-list")
    item.click()
    expect(page).to_have_url(re.compile(rf"/notices/{notice['id']}$"))
    expect(page.get_by_test_id("notice-title")).to_have_text("东苑快递柜临时停用通知")


def test_a_notice_of_nothing_shows_the_api_title(pwa: Pwa, page: Page) -> None:
    page.goto("/signin")
    sign_in_resident(page, FIRST)
    expect(page.get_by_test_id("address")).to_be_visible()
    page.goto(f"/notices/{uuid.uuid4()}")
    expect(page.get_by_test_id("problem")).to_be_visible()
    expect(page.get_by_test_id("problem")).not_to_contain_text("404")
