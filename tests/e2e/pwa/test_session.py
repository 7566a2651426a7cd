"""Sessions on a shared gate phone: shift change with no network, who logged what, and both
languages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.e2e.pwa.conftest import PASSWORD, VOLUNTEER_PASSWORD, Pwa
from tests.e2e.pwa.steps import (
    sign_in,
    sign_in_to_gate,
    type_pass_number,
    type_temperature,
    verdict,
    wait_synced,
)

Shot = Callable[[Page, str], Path]


def shift_change(page: Page) -> None:
    page.get_by_test_id("account").click()
    page.get_by_test_id("shift-change").click()
    expect(page.locator("input[name=username]")).to_be_visible()


def wait_offline_verifier(page: Page, username: str) -> None:
    page.wait_for_function(
        """name => Object.values(JSON.parse(localStorage.getItem('shouhu.session')).accounts)
             .some(a => a.username === name && a.verifier)""",
        arg=username,
    )


def scan_offline_and_log(page: Page, token: str) -> None:
    expect(page.get_by_test_id("gate-scan")).to_be_visible()
    page.evaluate("t => window.__shouhuDecoded(t)", token)  # the camera's decode path
    expect(verdict(page)).to_have_attribute("data-verdict", "allow")
    type_temperature(page, "365")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("verdict-final")).to_contain_text("已离线保存")
    page.get_by_test_id("next").click()


def test_shift_change_without_network_keeps_who_logged_what(pwa: Pwa, page: Page) -> None:
    token = pwa.passes["allow2"]["token"]
    before = len(pwa.gate_logs(household_id=pwa.passes["allow2"]["household_id"]))
    sign_in_to_gate(page, "pwa.gate2")  # once online on this phone: may sign in offline later
    wait_offline_verifier(page, "pwa.gate2")
    shift_change(page)
    sign_in_to_gate(page, "pwa.gate")
    wait_offline_verifier(page, "pwa.gate")

    page.context.set_offline(True)
    shift_change(page)
    sign_in(page, "pwa.gate2", "wrong-password")
    expect(page.get_by_test_id("problem")).to_have_text("用户名或密码错误")
    sign_in(page, "pwa.gate2", VOLUNTEER_PASSWORD)
    expect(page.get_by_test_id("account")).to_have_attribute("title", "卡口志愿者 乙")
    scan_offline_and_log(page, token)  # logged by gate2, who still has a refresh token

    shift_change(page)
    sign_in(page, "pwa.gate", VOLUNTEER_PASSWORD)
    scan_offline_and_log(page, token)  # logged by gate1 …
    # … whose tokens then stop working (signed out elsewhere, or revoked by the office)
    tokens = page.evaluate(
        """() => Object.values(JSON.parse(localStorage.getItem('shouhu.session')).accounts)
             .find(a => a.username === 'pwa.gate')"""
    )
    revoked = pwa.api(
        "POST",
        "/auth/logout",
        headers={"Authorization": f"Bearer {tokens['accessToken']}"},
        json={"refresh_token": tokens["refreshToken"]},
    )
    assert revoked.status_code == 204, revoked.text
    shift_change(page)
    sign_in(page, "pwa.gate2", VOLUNTEER_PASSWORD)
    expect(page.get_by_test_id("pending")).to_have_text("待同步 2")

    page.context.set_offline(False)
    wait_synced(page)
    logs = pwa.gate_logs(household_id=pwa.passes["allow2"]["household_id"])
    assert len(logs) == before + 2
    gate1, gate2 = pwa.volunteers["pwa.gate"], pwa.volunteers["pwa.gate2"]
    by_who = {log["logged_by"]: log for log in logs[:2]}
    assert set(by_who) == {gate1, gate2}  # each log names the volunteer who logged it …
    assert by_who[gate1]["uploaded_by"] == gate2  # … though gate2 on duty uploaded gate1's
    assert by_who[gate1]["recorded_by"] == "pwa.gate"
    assert not by_who[gate1]["recorder_unverified"]
    assert by_who[gate2]["uploaded_by"] is None  # gate2's own, under gate2's own token
    assert all(log["note"] == "" for log in logs[:2])


def test_a_phone_in_service_has_no_test_hooks(
    pwa: Pwa, browser: Browser, browser_context_args: dict[str, Any]
) -> None:
    context = browser.new_context(**browser_context_args)  # without the fixtures' flag
    try:
        page = context.new_page()
        sign_in_to_gate(page)
        type_pass_number(page, pwa.passes["allow"]["number"])
        expect(verdict(page)).to_have_attribute("data-verdict", "allow")
        hooks = "[typeof window.__shouhuDecoded, typeof window.__shouhuVerdictMs]"
        assert page.evaluate(hooks) == ["undefined", "undefined"]
    finally:
        context.close()


def test_offline_sign_in_needs_an_earlier_online_one(pwa: Pwa, page: Page) -> None:
    page.goto("/signin")
    page.context.set_offline(True)
    sign_in(page, "pwa.gate", VOLUNTEER_PASSWORD)
    expect(page.get_by_test_id("problem")).to_contain_text("未在本机登录过")


def test_english(pwa: Pwa, page: Page, shot: Shot) -> None:
    page.goto("/signin")
    page.get_by_test_id("lang").click()
    expect(page.get_by_test_id("signin-submit")).to_have_text("Sign in")
    sign_in(page, "pwa.gate", "not-the-password")
    expect(page.get_by_test_id("problem")).to_have_text("Wrong username or password")
    sign_in(page)
    expect(page.get_by_test_id("bundle-age")).to_contain_text("Offline data updated")
    type_pass_number(page, pwa.passes["suspended"]["number"])
    box = verdict(page)
    expect(box).to_contain_text("STOP")
    expect(box).to_contain_text("Pass suspended")
    shot(page, "gate-deny-en")
    page.get_by_test_id("next").click()
    type_pass_number(page, pwa.passes["allow2"]["number"])
    expect(verdict(page)).to_contain_text("PASS")
    type_temperature(page, "379")
    expect(page.get_by_test_id("verdict")).to_contain_text("fever clinic")
    shot(page, "gate-fever-en")
    page.reload()  # the choice is kept on the device
    expect(page.get_by_test_id("lang")).to_have_text("中文")


def fits(page: Page, selector: str) -> bool:
    """Nothing of the element is cut off (no ellipsis, no overflow)."""
    return bool(page.locator(selector).evaluate("e => e.scrollWidth <= e.clientWidth"))


def test_the_signed_in_name_fits_the_top_bar(pwa: Pwa, page: Page, shot: Shot) -> None:
    sign_in(page, "staff", PASSWORD)  # 社区工作人员 李敏
    account = page.get_by_test_id("account")
    expect(account).to_have_text("李敏")  # the name, without the role title
    page.context.set_offline(True)  # the 离线 chip takes room too
    expect(page.get_by_test_id("offline")).to_be_visible()
    for lang, width in (("zh", 390), ("zh", 360), ("en", 360)):
        if lang == "en":
            page.get_by_test_id("lang").click()
            expect(page.get_by_test_id("lang")).to_have_text("中文")
        page.set_viewport_size({"width": width, "height": 800})
        expect(account).to_have_text("李敏")
        assert fits(page, "[data-testid=account]"), f"the name is cut at {width} px ({lang})"
        assert fits(page, "header.bar"), f"the bar overflows at {width} px ({lang})"
        shot(page, f"bar-{lang}-{width}")
    account.click()
    expect(page.get_by_test_id("account-name")).to_have_text("社区工作人员 李敏")  # in full
    shot(page, "bar-account-menu")
