"""The gate screen end to end: a real pass's QR through the fake camera, verdicts, fever,
temperature input errors, visitors, problems shown as their titles."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, Route, expect

from tests.e2e.pwa.conftest import Pwa
from tests.e2e.pwa.steps import (
    sign_in,
    sign_in_to_gate,
    type_pass_number,
    type_temperature,
    verdict,
)

Shot = Callable[[Page, str], Path]


class TestSignIn:
    def test_wrong_password_shows_the_api_title(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in(page, "pwa.gate", "not-the-password")
        expect(page.get_by_test_id("problem")).to_have_text("用户名或密码错误")
        shot(page, "signin-problem")

    def test_a_malformed_access_code_is_marked_beside_its_field(
        self, pwa: Pwa, page: Page, shot: Shot
    ) -> None:
        page.goto("/signin")
        page.get_by_role("tab", name="居民").click()
        page.locator("input[name=access_code]").fill("AB")  # the API wants 4 to 32 characters
        page.get_by_test_id("signin-submit").click()
        expect(page.get_by_test_id("problem")).to_have_text("提交的数据有误")
        field = page.get_by_test_id("field-problem-access_code")
        expect(field).to_have_text("此项填写有误，请检查")
        expect(page.locator("input[name=access_code]")).to_have_attribute("aria-invalid", "true")
        shot(page, "signin-field-problem")

    def test_session_survives_a_reload(self, pwa: Pwa, page: Page) -> None:
        sign_in_to_gate(page)
        page.reload()
        expect(page.get_by_test_id("gate-scan")).to_be_visible()
        expect(page.get_by_test_id("account")).to_have_text("甲")


class TestScan:
    def test_a_real_pass_through_the_camera_is_allowed_and_logged(
        self, pwa: Pwa, camera_page: Callable[[str], Page], shot: Shot
    ) -> None:
        page = camera_page(pwa.passes["allow"]["token"])
        sign_in(page)
        box = verdict(page)
        expect(box).to_have_attribute("data-verdict", "allow")
        expect(box).to_contain_text("通行")
        expect(box).to_contain_text(pwa.passes["allow"]["address"])
        type_temperature(page, "365")
        expect(page.get_by_test_id("temperature")).to_contain_text("36.5")
        shot(page, "gate-allow")
        page.get_by_test_id("submit").click()
        final = page.get_by_test_id("verdict-final")
        expect(final).to_have_attribute("data-verdict", "allow")
        expect(final).to_contain_text("已登记")
        logs = pwa.gate_logs(household_id=pwa.passes["allow"]["household_id"], verdict="allow")
        assert any(log["temperature"] == 36.5 and not log["offline"] for log in logs)
        assert page.evaluate("window.__shouhuVerdictMs.length") >= 1

    def test_a_revoked_pass_through_the_camera_is_denied(
        self, pwa: Pwa, camera_page: Callable[[str], Page], shot: Shot
    ) -> None:
        page = camera_page(pwa.passes["revoked"]["token"])
        sign_in(page)
        try:
            box = verdict(page)
        except AssertionError:
            shot(page, "gate-deny-debug")  # test-output/screenshots/, beside the others
            print(page.content())
            raise
        expect(box).to_have_attribute("data-verdict", "deny")
        expect(box).to_have_attribute("data-reason", "revoked")
        expect(box).to_contain_text("禁止")
        expect(box).to_contain_text("出入证已作废")
        shot(page, "gate-deny")

    def test_an_online_verdict_never_says_checked_offline(self, pwa: Pwa, page: Page) -> None:
        sign_in_to_gate(page)
        held: list[Route] = []
        page.route("**/api/v1/gate/verify", lambda route: held.append(route))  # answer waits
        page.evaluate("t => window.__shouhuDecoded(t)", pwa.passes["allow"]["token"])
        box = verdict(page)  # the phone's own verdict, at once
        expect(box).to_have_attribute("data-verdict", "allow")
        for _ in range(40):  # until the server is asked (the answer times out after 2.5 s)
            if held:
                break
            page.wait_for_timeout(25)
        assert held, "the server was asked"
        expect(box).not_to_contain_text("离线核验")
        held[0].continue_()
        expect(box).to_contain_text(pwa.passes["allow"]["address"])
        expect(box).not_to_contain_text("离线核验")

    def test_a_typed_number_of_a_suspended_pass_is_denied(
        self, pwa: Pwa, page: Page, shot: Shot
    ) -> None:
        sign_in_to_gate(page)
        shot(page, "gate-scan")
        type_pass_number(page, pwa.passes["suspended"]["number"])
        box = verdict(page)
        expect(box).to_have_attribute("data-reason", "suspended")
        expect(box).to_contain_text("出入证已暂停使用")

    def test_a_mistyped_number_is_caught_on_the_phone(self, pwa: Pwa, page: Page) -> None:
        sign_in_to_gate(page)
        number = pwa.passes["allow"]["number"]
        wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
        type_pass_number(page, wrong)
        expect(page.get_by_role("alert")).to_have_text("出入证号有误，请核对")


class TestPassage:
    def test_fever_is_red_at_once_with_the_referral(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_to_gate(page)
        type_pass_number(page, pwa.passes["allow2"]["number"])
        expect(verdict(page)).to_have_attribute("data-verdict", "allow")
        type_temperature(page, "382")
        box = page.get_by_test_id("verdict")
        expect(box).to_have_attribute("data-verdict", "deny")
        expect(box).to_contain_text("38.2°C ≥ 37.3°C")
        expect(box).to_contain_text("发热门诊")
        # masked names look alike: each shows its relation and birth year
        expect(page.get_by_test_id("fever-who").get_by_role("button").first).to_contain_text(
            re.compile(r"户主 · \d{4}年生")
        )
        who = page.get_by_test_id("fever-who").get_by_role("button").first
        who.click()  # whose fever it is: the referral names them
        expect(who).to_have_attribute("aria-pressed", "true")
        shot(page, "gate-fever")
        page.get_by_test_id("submit").click()
        final = page.get_by_test_id("verdict-final")
        expect(final).to_have_attribute("data-reason", "fever")
        expect(final).to_contain_text("38.2°C ≥ 37.3°C")
        said = final.inner_text()
        assert said.count("发热门诊") == 1, said  # each thing said once
        assert said.count("38.2") == 1, said
        shot(page, "gate-fever-logged")
        logs = pwa.gate_logs(household_id=pwa.passes["allow2"]["household_id"], fever=True)
        assert [log["temperature"] for log in logs] == [38.2]
        referrals = pwa.api("GET", "/referrals", params={"limit": 200}).json()["items"]
        opened = [r for r in referrals if r["household_id"] == pwa.passes["allow2"]["household_id"]]
        assert [r["temperature"] for r in opened] == [38.2]
        assert opened[0]["person_id"] is not None

    def test_a_temperature_outside_30_to_45_is_an_input_error(self, pwa: Pwa, page: Page) -> None:
        sign_in_to_gate(page)
        type_pass_number(page, pwa.passes["allow2"]["number"])
        verdict(page)
        type_temperature(page, "291")
        expect(page.get_by_test_id("temperature-bad")).to_be_visible()
        expect(page.get_by_test_id("submit")).to_be_disabled()

    def test_no_mask_is_denied(self, pwa: Pwa, page: Page) -> None:
        sign_in_to_gate(page)
        type_pass_number(page, pwa.passes["allow2"]["number"])
        verdict(page)
        type_temperature(page, "363")
        page.get_by_test_id("mask-no").click()
        expect(page.get_by_test_id("verdict")).to_have_attribute("data-reason", "no_mask")
        page.get_by_test_id("submit").click()
        expect(page.get_by_test_id("verdict-final")).to_have_attribute("data-reason", "no_mask")


class TestVisitors:
    def test_a_courier_is_registered(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_to_gate(page)
        page.get_by_role("button", name="访客/快递登记").click()
        page.get_by_role("button", name="快递/外卖").click()
        page.locator("input[name=name]").fill("王师傅")
        phone = page.locator("input[name=phone]")
        expect(phone).to_have_attribute("inputmode", "numeric")
        phone.fill("13800138000")
        page.locator("input[name=visiting]").fill("3栋 生鲜配送")
        page.locator("input[name=temperature]").fill("36.4")
        expect(page.locator("input[name=temperature]")).to_have_attribute("inputmode", "decimal")
        shot(page, "gate-visitor-form")
        page.get_by_role("button", name="登记", exact=True).click()
        expect(page.get_by_test_id("outcome")).to_contain_text("已登记")
        visitors = pwa.api("GET", "/gate/visitors", params={"gate_id": pwa.gate_id}).json()
        assert any(v["name"] == "王师傅" and v["kind"] == "courier" for v in visitors["items"])

    def test_a_bad_phone_shows_the_api_title(self, pwa: Pwa, page: Page) -> None:
        sign_in_to_gate(page)
        page.goto("/gate/visitor")
        page.locator("input[name=name]").fill("李四")
        page.locator("input[name=phone]").evaluate("e => e.removeAttribute('pattern')")
        page.locator("input[name=phone]").fill("12345")
        page.locator("input[name=temperature]").fill("36.6")
        page.get_by_role("button", name="登记", exact=True).click()
        expect(page.get_by_test_id("problem")).to_have_text("提交的数据有误")
        expect(page.get_by_test_id("field-problem-phone")).to_have_text("此项填写有误，请检查")
        expect(page.locator("input[name=phone]")).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_test_id("field-problem-name")).to_have_count(0)
