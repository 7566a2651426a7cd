"""Staff and grid workers end to end on a 390×800 phone: household search ("zs") and a household's
file, masked; the grid worker's screening work list and quick form with its computed risk level,
and a retried submit that records once; today's follow-ups with a fever referral; the door
deliveries' pick list and hand-over; Chinese and English."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from shouhu_common.demo_ids import DEMO_PARTNERS, demo_household_id, demo_partner_id
from tests.e2e.pwa.conftest import PASSWORD, Pwa
from tests.e2e.pwa.steps import sign_in, type_temperature

Shot = Callable[[Page, str], Path]
FULL_ID_NUMBER = re.compile(r"\d{17}[\dX]")
FRESHMART = next(p for p in DEMO_PARTNERS if p[0] == "freshmart")
PARTNER_KEY = {"X-API-Key": FRESHMART[3]}
PARTNER_ID = str(demo_partner_id("freshmart"))
DOOR_HOUSEHOLD = (
    133  # in home quarantine in the demo (东苑 3栋, grid1's): deliveries go to the door
)


def ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def sign_in_as(page: Page, username: str) -> None:
    sign_in(page, username, PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/signin"))
    expect(page.get_by_test_id("account")).to_be_visible()


def open_tile(page: Page, name: str) -> None:
    """From the home screen's menu (the top bar's title leads home)."""
    page.locator(".bar-title").click()
    page.get_by_role("button", name=name, exact=True).click()


@pytest.fixture
def screening_round(pwa: Pwa) -> None:
    """The demo starts no screening round; staff start one when there is none."""
    if pwa.api("GET", "/screenings/work-list", params={"limit": 1}).status_code == 409:
        ok(pwa.api("POST", "/screenings/rounds", json={}))


def household_screenings(pwa: Pwa, household_id: str) -> list[dict[str, Any]]:
    page = ok(pwa.api("GET", "/screenings", params={"household_id": household_id}))
    return list(page["items"])


class TestHouseholdSearch:
    def test_staff_find_zs_and_open_the_file(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_as(page, "staff")
        open_tile(page, "查找住户")
        page.locator("input[name=q]").fill("zs")
        page.get_by_test_id("search").click()
        expect(page.get_by_test_id("found")).to_contain_text("找到")
        people = page.get_by_test_id("person")
        expect(people.first).to_be_visible()
        first = people.first.locator("strong").inner_text()
        shot(page, "staff-search")
        people.first.click()
        expect(page).to_have_url(re.compile(r"/staff/households/[0-9a-f-]{36}$"))
        expect(page.get_by_test_id("address")).to_contain_text("栋")
        expect(page.get_by_test_id("member").filter(has_text=first)).to_have_count(1)
        expect(page.get_by_test_id("id-number").first).to_contain_text("*")
        expect(page.get_by_test_id("pass")).to_contain_text(re.compile(r"\d{8}"))
        expect(page.get_by_test_id("screenings")).to_be_visible()
        assert FULL_ID_NUMBER.search(page.content()) is None
        shot(page, "staff-household-file")
        page.get_by_role("button", name="返回").click()
        expect(page.locator("input[name=q]")).to_have_value("zs")
        expect(page.get_by_test_id("person").first).to_be_visible()

    def test_by_building_and_room(self, pwa: Pwa, page: Page) -> None:
        sign_in_as(page, "staff")
        page.goto("/staff/search")
        page.get_by_text("按楼栋、房号查找").click()
        page.locator("select[name=building]").select_option(label="东苑 3栋")
        page.locator("input[name=unit]").fill("1")
        page.locator("input[name=room]").fill("101")
        page.get_by_test_id("search").click()
        expect(page.get_by_test_id("person").first).to_contain_text("东苑 3栋 1单元 101")

    def test_a_quarantined_household_file_in_english(
        self, pwa: Pwa, page: Page, shot: Shot
    ) -> None:
        sign_in_as(page, "staff")
        page.get_by_test_id("lang").click()
        page.goto(f"/staff/households/{demo_household_id(7)}")
        expect(page.get_by_test_id("status")).to_have_text("Home quarantine")
        expect(page.get_by_test_id("quarantine")).to_contain_text("Whole household")
        expect(page.get_by_test_id("pass")).to_contain_text("Suspended")
        expect(page.get_by_role("button", name="Screen this household")).to_be_visible()
        shot(page, "staff-household-file-en")


class TestScreening:
    def test_grid_worker_screens_a_household(
        self, pwa: Pwa, page: Page, shot: Shot, screening_round: None
    ) -> None:
        sign_in_as(page, "grid1")
        expect(page).to_have_url(re.compile(r"/staff/screening$"))  # a grid worker's start screen
        expect(page.get_by_test_id("left")).to_contain_text("本轮待排查")
        items = page.get_by_test_id("work-item")
        expect(items.first).to_be_visible()
        address = items.first.inner_text()
        assert re.match(r"东苑 [123]栋", address), address  # grid1: 东苑 1–3栋
        shot(page, "staff-screening-list")
        items.first.click()
        household_id = page.url.split("/staff/screening/")[1].split("?")[0]
        page.locator("[data-outcome=reached]").click()
        expect(page.get_by_test_id("submit-screening")).to_be_disabled()
        page.get_by_test_id("q-travel").locator("[data-answer=yes]").click()
        page.get_by_test_id("q-contact").locator("[data-answer=no]").click()
        page.get_by_test_id("q-symptoms").locator("[data-answer=no]").click()
        shot(page, "staff-screening-form")
        page.get_by_test_id("submit-screening").click()
        result = page.get_by_test_id("screening-result")
        expect(result).to_be_visible()
        expect(result.get_by_test_id("risk")).to_have_text("中风险")
        shot(page, "staff-screening-result")
        records = household_screenings(pwa, household_id)
        assert len(records) == 1
        assert records[0]["risk_level"] == "medium"
        assert records[0]["outbreak_travel"] is True
        page.get_by_test_id("next-household").click()
        expect(page.get_by_test_id("submit-screening")).to_be_visible()
        assert household_id not in page.url

    def test_a_retried_submit_records_once(
        self, pwa: Pwa, page: Page, screening_round: None
    ) -> None:
        sign_in_as(page, "grid1")
        page.get_by_test_id("work-item").nth(1).click()
        household_id = page.url.split("/staff/screening/")[1].split("?")[0]
        before = len(household_screenings(pwa, household_id))
        client_ids: list[str] = []

        def lose_the_first_answer(route: Route) -> None:
            if route.request.method != "POST":
                route.continue_()
                return
            client_ids.append(route.request.post_data_json["client_id"])
            if len(client_ids) == 1:
                route.fetch()  # the form reaches the server…
                route.abort("internetdisconnected")  # …and the phone never hears back
            else:
                route.continue_()

        page.route("**/api/v1/screenings", lose_the_first_answer)
        page.locator("[data-outcome=not_reached]").click()
        page.get_by_test_id("submit-screening").click()
        expect(page.get_by_test_id("problem")).to_have_text("网络不通，请稍后再试")
        page.get_by_test_id("submit-screening").click()
        expect(page.get_by_test_id("screening-result")).to_contain_text("未联系上")
        assert len(client_ids) == 2
        assert client_ids[0] == client_ids[1]
        assert len(household_screenings(pwa, household_id)) == before + 1


class TestFollowUps:
    def test_a_fever_shows_the_referral_at_once(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_as(page, "grid1")
        open_tile(page, "隔离随访")
        expect(page.get_by_test_id("due")).to_contain_text("未测体温")
        due = page.get_by_test_id("due-person")
        expect(due.first).to_be_visible()
        count = due.count()
        shot(page, "staff-follow-up-list")
        due.first.click()
        type_temperature(page, "382")
        expect(page.get_by_test_id("temperature")).to_contain_text("38.2")
        expect(page.get_by_test_id("fever-warn")).to_be_visible()
        page.locator("[data-symptom=cough]").click()
        shot(page, "staff-follow-up-entry")
        page.get_by_test_id("submit-follow-up").click()
        result = page.get_by_test_id("follow-up-result")
        expect(result).to_contain_text("发热 38.2")
        expect(page.get_by_test_id("referral")).to_contain_text("发热门诊")
        shot(page, "staff-follow-up-fever")
        referrals = ok(pwa.api("GET", "/referrals"))["items"]
        assert any(r["temperature"] == 38.2 for r in referrals)
        result.get_by_role("button").click()
        expect(page.get_by_test_id("due-person")).to_have_count(count - 1)

    def test_a_normal_temperature_in_english(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_as(page, "grid1")
        page.get_by_test_id("lang").click()
        open_tile(page, "Quarantine follow-up")
        expect(page.get_by_test_id("due")).to_contain_text("not checked")
        page.get_by_test_id("due-person").first.click()
        type_temperature(page, "365")
        expect(page.get_by_test_id("fever-warn")).to_have_count(0)
        page.get_by_test_id("submit-follow-up").click()
        expect(page.get_by_test_id("follow-up-result")).to_contain_text("Recorded 36.5 °C")
        expect(page.get_by_test_id("referral")).to_have_count(0)
        shot(page, "staff-follow-up-en")


def door_order(pwa: Pwa) -> dict[str, Any]:
    """Staff order for a quarantined household; the shop sends it out (its own API key)."""
    rounds = ok(pwa.api("GET", "/delivery-rounds", params={"partner_id": PARTNER_ID}))
    round_ = next(r for r in rounds if r["status"] == "open" and r["partner_remaining"])
    items = ok(
        pwa.api("GET", "/catalog/items", params={"partner_id": PARTNER_ID, "orderable": "true"})
    )["items"]
    order = ok(
        pwa.api(
            "POST",
            "/orders",
            headers={"Idempotency-Key": str(uuid.uuid4())},
            json={
                "household_id": str(demo_household_id(DOOR_HOUSEHOLD)),
                "partner_id": PARTNER_ID,
                "round_id": round_["id"],
                "lines": [{"item_id": items[0]["id"], "quantity": 2}],
            },
        )
    )
    assert order["delivery_mode"] == "door", order
    for status in ("accepted", "packed", "out_for_delivery"):
        ok(
            httpx.post(
                f"{pwa.url}/api/v1/orders/{order['id']}/status",
                headers={**PARTNER_KEY, "Idempotency-Key": f"{order['id']}-{status}"},
                json={"status": status},
                timeout=10,
            )
        )
    return {**order, "round_id": round_["id"]}


class TestDoorDeliveries:
    def test_pick_list_and_hand_over(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        order = door_order(pwa)
        sign_in_as(page, "grid1")
        open_tile(page, "送货上门")
        page.locator(f"[data-round='{order['round_id']}']").click()
        door = page.locator(f"[data-testid=door][data-order='{order['id']}']")
        expect(door).to_contain_text("配送中")
        expect(page.get_by_test_id("building").filter(has=door)).to_contain_text("东苑 3栋")
        shot(page, "staff-pick-list")
        door.get_by_test_id("hand-over").click()
        door.locator("input").fill("已敲门告知")
        door.get_by_test_id("hand-over-confirm").scroll_into_view_if_needed()
        shot(page, "staff-pick-list-confirm")
        door.get_by_test_id("hand-over-confirm").click()
        expect(door).to_have_count(0)  # only the doors left to deliver are shown
        page.get_by_text("只看未送达").click()
        expect(door).to_contain_text("已送达")
        shot(page, "staff-pick-list-done")
        detail = ok(pwa.api("GET", f"/orders/{order['id']}"))
        assert detail["status"] == "delivered_door"
        assert detail["handed_over_at"]
