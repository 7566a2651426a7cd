"""Residents end to end: sign in with the household access code, the household card (pass QR,
next outing, quarantine, members masked), an order placed in the PWA and moved by the partner's
own system (X-API-Key) until the timeline shows it delivered; Chinese and English; a retried tap
makes one order; a full round shows its title and the next one; the card opens offline.

The tracking screen refreshes on a timer; its tests run that timer on Playwright's clock and move
time on by one refresh instead of waiting for it."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, Route, expect

from shouhu_common.demo_ids import (
    DEMO_COMMUNITY_ID,
    DEMO_PARTNERS,
    demo_household_id,
    demo_partner_id,
)
from tests.e2e.pwa.conftest import SCREENSHOTS, Pwa

Shot = Callable[[Page, str], Path]
FRESHMART = next(p for p in DEMO_PARTNERS if p[0] == "freshmart")
PARTNER_KEY = {"X-API-Key": FRESHMART[3]}
PARTNER_ID = str(demo_partner_id("freshmart"))
DELIVERY = ("accepted", "packed", "out_for_delivery", "delivered_gate")
FULL_ID_NUMBER = re.compile(r"\d{17}[\dX]")
QUARANTINED = 7  # demo household in home quarantine (registry/demo/gates.py)
POLL_MS = 15_000  # the timeline refreshes this often (OrderTracking.tsx's POLL_MS)


def resident_number(pwa: Pwa, offset: int) -> int:
    """A demo household not used by the gate tests (they revoke and suspend some passes)."""
    taken = {p["household_id"] for p in pwa.passes.values()}
    number = 500 + offset
    assert str(demo_household_id(number)) not in taken
    return number


def sign_in_resident(page: Page, number: int, english: bool = False) -> None:
    page.goto("/signin")
    if english:
        page.get_by_test_id("lang").click()
    page.get_by_role("tab", name="Resident" if english else "居民").click()
    page.locator("input[name=access_code]").fill(f"DEMO-{number:04d}")
    page.get_by_test_id("signin-submit").click()
    expect(page).to_have_url(re.compile(r"/household$"))
    expect(page.get_by_test_id("address")).to_be_visible()


def household_orders(pwa: Pwa, number: int) -> list[dict[str, Any]]:
    params = {"household_id": str(demo_household_id(number)), "limit": 200}
    response = pwa.api("GET", "/orders", params=params)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def move_order(pwa: Pwa, order_id: str, statuses: tuple[str, ...]) -> None:
    """What the supermarket's own system does, with its API key."""
    for status in statuses:
        response = httpx.post(
            f"{pwa.url}/api/v1/orders/{order_id}/status",
            headers={**PARTNER_KEY, "Idempotency-Key": f"{order_id}-{status}"},
            json={"status": status},
            timeout=10,
        )
        assert response.status_code == 200, response.text


def fill_order(page: Page, shot: Shot | None = None, name: str = "catalog") -> None:
    page.get_by_test_id("new-order").first.click()
    page.get_by_test_id("partner").filter(has_text=FRESHMART[1]).click()
    items = page.get_by_test_id("item")
    expect(items.first).to_be_visible()
    items.nth(0).get_by_role("button").last.click()
    items.nth(0).get_by_role("button").last.click()
    items.nth(1).get_by_role("button").last.click()
    expect(items.nth(0).get_by_test_id("quantity")).to_have_text("2")
    expect(page.locator("[data-testid=round][aria-pressed=true]")).to_have_count(1)
    if shot:
        shot(page, name)


def order_id_from(page: Page) -> str:
    expect(page).to_have_url(re.compile(r"/household/orders/[0-9a-f-]{36}$"))
    return page.url.rsplit("/", 1)[1]


def place_order_on_a_clock(page: Page) -> str:
    """Places the filled order with the page's timers on Playwright's clock (installed now, so the
    tracking screen's refresh timer, set when it opens, is one), and waits for the screen to
    settle: its order and its partner's name loaded. A request still running when the clock
    jumps would meet its own 15 s timeout (api/client.ts) in the jump."""
    page.clock.install()
    page.get_by_test_id("place-order").click()
    order_id = order_id_from(page)
    expect(page.get_by_test_id("step-placed")).to_have_attribute("data-done", "true")
    expect(page.get_by_test_id("partner-name")).to_have_text(FRESHMART[1])
    return order_id


def next_refresh(page: Page) -> None:
    """Time moves on by one refresh of the tracking screen: its timer fires now."""
    page.clock.fast_forward(POLL_MS)


class TestHouseholdCard:
    def test_the_card_shows_pass_qr_outing_and_masked_members(
        self, pwa: Pwa, page: Page, shot: Shot
    ) -> None:
        notice = {
            "community_id": str(DEMO_COMMUNITY_ID),
            "title": "本周六上午在小区广场发放口罩",
            "body": "每户凭出入证领取口罩 5 只、84 消毒液 1 瓶。",
            "pinned": True,
            "client_id": "5d0c9a52-6f0e-4b8e-9a51-2f1c3e4d5a6b",
        }
        assert pwa.api("POST", "/notices", json=notice).status_code in (200, 201)
        number = resident_number(pwa, 0)
        sign_in_resident(page, number)
        expect(page.get_by_test_id("notices")).to_contain_text("本周六上午在小区广场发放口罩")
        expect(page.get_by_test_id("address")).to_contain_text("单元")
        expect(page.get_by_test_id("pass-qr")).to_be_visible()
        expect(page.get_by_test_id("pass-number")).to_have_text(re.compile(r"^\d{8}$"))
        expect(page.get_by_test_id("pass-status")).to_have_text("有效")
        expect(page.get_by_test_id("outing")).to_contain_text("现在可以外出")
        expect(page.get_by_test_id("quarantine")).to_contain_text("未在隔离")
        expect(page.get_by_test_id("members").locator("li").first).to_contain_text("*")
        assert FULL_ID_NUMBER.search(page.content()) is None
        qr = page.get_by_test_id("pass-qr").bounding_box()
        assert qr is not None
        assert qr["width"] >= 300, qr
        shot(page, "household-card")
        page.screenshot(path=str(SCREENSHOTS / "household-card-full.png"), full_page=True)
        page.get_by_test_id("pass-qr").click()
        expect(page.get_by_test_id("qr-full")).to_be_visible()
        shot(page, "household-card-qr-full")

    def test_a_quarantined_household(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_resident(page, QUARANTINED)
        expect(page.get_by_test_id("quarantine")).to_contain_text("居家隔离中")
        expect(page.get_by_test_id("quarantine")).to_contain_text("预计")
        expect(page.get_by_test_id("pass-status")).to_have_text("暂停使用")
        expect(page.get_by_test_id("outing")).to_contain_text("隔离期间不能外出")
        shot(page, "household-card-quarantine")

    def test_the_card_opens_offline(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_resident(page, resident_number(pwa, 1))
        number = page.get_by_test_id("pass-number").inner_text()
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now under the service worker
        expect(page.get_by_test_id("pass-number")).to_have_text(number)
        page.context.set_offline(True)
        try:
            page.reload()
            expect(page.get_by_test_id("offline-card")).to_be_visible()
            expect(page.get_by_test_id("pass-number")).to_have_text(number)
            expect(page.get_by_test_id("pass-qr")).to_be_visible()
            shot(page, "household-card-offline")
        finally:
            page.context.set_offline(False)


class TestResidentSignIn:
    def test_a_household_link_opens_on_the_resident_tab(
        self, pwa: Pwa, page: Page, shot: Shot
    ) -> None:
        page.goto("/household/orders")  # a household's link, opened signed out
        expect(page).to_have_url(re.compile(r"/signin\?next="))
        expect(page.get_by_test_id("tab-resident")).to_have_attribute("aria-selected", "true")
        expect(page.locator("input[name=access_code]")).to_be_visible()
        shot(page, "signin-resident-from-link")
        page.goto("/signin?as=resident")  # a link that says so
        expect(page.get_by_test_id("tab-resident")).to_have_attribute("aria-selected", "true")
        page.goto("/signin")
        expect(page.get_by_test_id("tab-staff")).to_have_attribute("aria-selected", "true")


class TestOrders:
    def test_order_tracked_until_delivered(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        number = resident_number(pwa, 2)
        sign_in_resident(page, number)
        fill_order(page, shot, "catalog")
        # the round goes with the order: in sight of 提交订单, above it
        chosen = page.get_by_test_id("chosen-round")
        expect(chosen).to_be_in_viewport()
        label = page.locator("[data-testid=round][aria-pressed=true]").evaluate(
            "e => e.firstChild.textContent"
        )
        expect(chosen).to_contain_text(f"配送批次：{label}")
        chosen_box = chosen.bounding_box()
        button_box = page.get_by_test_id("place-order").bounding_box()
        assert chosen_box is not None
        assert button_box is not None
        assert chosen_box["y"] < button_box["y"]
        order_id = place_order_on_a_clock(page)
        expect(page.get_by_test_id("step-accepted")).to_have_attribute("data-done", "false")
        shot(page, "tracking-placed")
        move_order(pwa, order_id, DELIVERY)
        next_refresh(page)
        delivered = page.get_by_test_id("step-delivered_gate")
        expect(delivered).to_have_attribute("data-done", "true")
        expect(delivered).to_contain_text("已送达小区门口取货点")
        for step in DELIVERY[:-1]:
            expect(page.get_by_test_id(f"step-{step}")).to_have_attribute("data-done", "true")
        shot(page, "tracking-timeline")
        page.goto("/household")
        expect(page.get_by_test_id("order").first).to_contain_text("已送达小区门口取货点")
        page.get_by_test_id("order").first.scroll_into_view_if_needed()
        shot(page, "household-card-orders")

    def test_in_english(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        number = resident_number(pwa, 3)
        sign_in_resident(page, number, english=True)
        expect(page.get_by_test_id("outing")).to_contain_text("You may go out now")
        expect(page.get_by_test_id("pass-status")).to_have_text("Valid")
        # the API's Chinese words in English: relations, units
        expect(page.get_by_test_id("members")).to_contain_text("Head of household")
        expect(page.get_by_test_id("members")).not_to_contain_text("户主")
        shot(page, "household-card-en")
        fill_order(page, shot, "catalog-en")
        expect(page.get_by_test_id("item").first).to_contain_text("/jin (500 g)")
        expect(page.get_by_test_id("total")).to_contain_text("Total")
        order_id = place_order_on_a_clock(page)
        move_order(pwa, order_id, DELIVERY)
        next_refresh(page)
        delivered = page.get_by_test_id("step-delivered_gate")
        expect(delivered).to_have_attribute("data-done", "true")
        expect(delivered).to_contain_text("At the gate drop point")
        expect(page.get_by_test_id("checked-at")).to_contain_text("Updated")
        shot(page, "tracking-timeline-en")

    def test_a_retried_tap_makes_one_order(self, pwa: Pwa, page: Page) -> None:
        number = resident_number(pwa, 4)
        sign_in_resident(page, number)
        before = len(household_orders(pwa, number))
        keys: list[str] = []

        def lose_the_first_answer(route: Route) -> None:
            if route.request.method != "POST":
                route.continue_()
                return
            keys.append(route.request.headers["idempotency-key"])
            if len(keys) == 1:
                route.fetch()  # the order reaches the server…
                route.abort("internetdisconnected")  # …and the phone never hears back
            else:
                route.continue_()

        page.route("**/api/v1/orders", lose_the_first_answer)
        fill_order(page)
        page.get_by_test_id("place-order").click()
        expect(page.get_by_test_id("problem")).to_have_text("网络不通，请稍后再试")
        page.get_by_test_id("place-order").click()
        order_id = order_id_from(page)
        assert len(keys) == 2
        assert keys[0] == keys[1]
        orders = household_orders(pwa, number)
        assert len(orders) == before + 1
        assert orders[0]["id"] == order_id

    def test_a_full_round_shows_its_title_and_the_next_one(
        self, pwa: Pwa, page: Page, shot: Shot
    ) -> None:
        number = resident_number(pwa, 5)
        sign_in_resident(page, number)
        fill_order(page)
        chosen = page.locator("[data-testid=round][aria-pressed=true]").inner_text()
        rounds = pwa.api("GET", "/delivery-rounds", params={"partner_id": PARTNER_ID}).json()
        first_open = next(r for r in rounds if r["status"] == "open" and r["partner_remaining"])
        assert first_open["local_time"] in chosen
        load = first_open["partner_orders"]
        if load == 0:  # fill it with another household's order first
            other = resident_number(pwa, 6)
            token = httpx.post(
                f"{pwa.url}/api/v1/auth/resident-token",
                json={"access_code": f"DEMO-{other:04d}"},
                timeout=10,
            ).json()["access_token"]
            item = pwa.api(
                "GET", "/catalog/items", params={"partner_id": PARTNER_ID, "orderable": "true"}
            ).json()["items"][0]
            placed = httpx.post(
                f"{pwa.url}/api/v1/orders",
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
                json={
                    "partner_id": PARTNER_ID,
                    "round_id": first_open["id"],
                    "lines": [{"item_id": item["id"], "quantity": 1}],
                },
                timeout=10,
            )
            assert placed.status_code == 201, placed.text
            load = 1
        path = f"/delivery-rounds/{first_open['id']}"
        capacity = first_open["capacity_per_partner"]
        assert pwa.api("PATCH", path, json={"capacity_per_partner": load}).status_code == 200
        try:
            page.get_by_test_id("place-order").click()
            expect(page.get_by_test_id("problem")).to_have_text("该配送批次已满")
            suggestion = page.get_by_test_id("suggested-round")
            expect(suggestion).to_contain_text("下一个可订批次")
            shot(page, "round-full")
            suggestion.get_by_role("button").click()
            page.get_by_test_id("place-order").click()
            order_id_from(page)
        finally:
            pwa.api("PATCH", path, json={"capacity_per_partner": capacity})
