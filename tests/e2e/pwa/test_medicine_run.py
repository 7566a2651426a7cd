"""Medicine on behalf end to end on phones: a resident asks for a prescription refill on their
phone, it goes on a run with the volunteer 陈军 (gate1), the office hands him the resident's
insurance card, he confirms on his own phone, the run comes back with the medicine, and he returns
the card to its owner. An over-the-counter request is ordered from the pharmacy from the
resident's screen, and the office registers a request for a resident (代登记)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from shouhu_common.demo_ids import demo_household_id
from tests.e2e.pwa.conftest import PASSWORD, Pwa, _login
from tests.e2e.pwa.steps import sign_in
from tests.e2e.pwa.test_household import sign_in_resident

Shot = Callable[[Page, str], Path]
HOUSEHOLD = 595  # demo households of their own: the other tests leave them alone
OTC_HOUSEHOLD = 596
REGISTERED_HOUSEHOLD = 597


def ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def switch_to(page: Page, username: str) -> None:
    page.get_by_test_id("account").click()
    page.get_by_test_id("sign-out").click()
    expect(page).to_have_url(re.compile(r"/signin"))
    sign_in(page, username, PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/signin"))


def test_a_card_goes_with_the_volunteer_to_the_hospital_and_comes_back(
    pwa: Pwa, page: Page, shot: Shot
) -> None:
    household = ok(pwa.api("GET", f"/households/{demo_household_id(HOUSEHOLD)}"))
    person = household["members"][0]
    volunteer = ok(pwa.api("GET", "/workers", params={"q": "陈军"}))["items"][0]

    sign_in_resident(page, HOUSEHOLD)
    page.get_by_test_id("medicine-link").click()
    expect(page).to_have_url(re.compile(r"/household/medicine$"))
    form = page.get_by_test_id("medicine-form")
    form.locator("select[name=person]").select_option(label=person["name"])
    form.locator("input[name=medicineName]").fill("硝苯地平控释片")
    form.locator("input[name=dose]").fill("30mg 每日一次")
    form.locator("input[name=quantity]").fill("2盒")
    form.locator("[data-kind=prescription]").click()
    form.locator("input[name=hospital]").fill("市第一人民医院")
    form.locator("[data-need=insurance_card]").click()
    form.locator("select[name=person]").scroll_into_view_if_needed()
    shot(page, "medicine-resident-form")
    page.get_by_test_id("ask-medicine").click()
    expect(page.get_by_test_id("medicine-sent")).to_contain_text("硝苯地平控释片")
    mine = page.get_by_test_id("my-medicine-request").filter(has_text="硝苯地平控释片")
    expect(mine).to_have_count(1)
    expect(mine).to_have_attribute("data-status", "requested")
    expect(mine.get_by_test_id("medicine-status")).to_contain_text("待配")
    page.get_by_test_id("my-medicine-requests").scroll_into_view_if_needed()
    shot(page, "medicine-resident-list")
    asked = ok(pwa.api("GET", "/medicine/requests", params={"kind": "prescription"}))["items"]
    request = next(r for r in asked if r["person_id"] == person["id"])
    assert (request["hospital"], request["needs_insurance_card"]) == ("市第一人民医院", True)
    page.get_by_test_id("account").click()
    page.get_by_test_id("sign-out").click()
    expect(page).to_have_url(re.compile(r"/signin"))
    page.get_by_test_id("tab-staff").click()  # the phone remembers the resident's tab

    sign_in(page, "staff", PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/signin"))
    page.goto(f"{pwa.url}/staff/medicine")
    row = page.get_by_test_id("medicine-request").filter(has_text="硝苯地平控释片")
    expect(row).to_have_count(1)
    row.locator("input[type=checkbox]").check()
    form = page.get_by_test_id("run-form")
    form.locator("select[name=worker]").select_option(label="陈军")
    expect(form.locator("input[name=hospital]")).to_have_value("市第一人民医院")
    shot(page, "medicine-waiting")
    page.get_by_test_id("make-run").click()

    run = page.get_by_test_id("run").first
    expect(run).to_contain_text("陈军")
    line = run.get_by_test_id("custody-line")
    expect(line).to_contain_text("医保卡：在本人处")
    run.get_by_test_id("hand-over").click()
    expect(line).to_contain_text("医保卡：在陈军处（待确认）")
    shot(page, "medicine-run-handed")

    switch_to(page, "gate1")
    page.goto(f"{pwa.url}/staff/custody")
    held = page.get_by_test_id("handover").filter(has_text="医保卡")
    expect(held).to_have_count(1)
    expect(held).to_have_attribute("data-confirmed", "false")
    shot(page, "medicine-volunteer-confirms")
    held.get_by_test_id("confirm-handover").click()
    expect(held).to_have_attribute("data-confirmed", "true")

    switch_to(page, "staff")
    page.goto(f"{pwa.url}/staff/medicine")
    page.get_by_test_id("medicine-tab-custody").click()
    expect(page.get_by_test_id("flagged-none")).to_be_visible()
    page.get_by_test_id("holder").select_option(label="陈军")
    holds = page.get_by_test_id("holds").get_by_test_id("handover")
    expect(holds).to_have_count(1)
    expect(holds).to_contain_text(person["name"])
    expect(holds).to_have_attribute("data-confirmed", "true")
    shot(page, "medicine-who-holds-what")
    page.get_by_test_id("medicine-tab-runs").click()
    run = page.get_by_test_id("run").first
    expect(run.get_by_test_id("custody-line")).to_have_text(re.compile(r"医保卡：在陈军处$"))
    run.get_by_test_id("run-next").click()  # 出发
    expect(run).to_have_attribute("data-status", "out")
    item = run.get_by_test_id("run-request")
    item.locator("[data-outcome=collected]").click()
    expect(item).to_have_attribute("data-status", "collected")
    item.locator("input[name=amount]").fill("45.60")
    item.locator("input[name=receipt]").fill("R20221203-17")
    item.get_by_test_id("save-cost").click()
    expect(run.get_by_test_id("run-money")).to_contain_text("垫付 45.60 元")
    run.get_by_test_id("run-next").click()  # 已返回
    expect(run).to_have_attribute("data-status", "back")
    shot(page, "medicine-run-back")

    switch_to(page, "gate1")
    page.goto(f"{pwa.url}/staff/custody")
    page.get_by_test_id("return-to-owner").click()
    expect(page.get_by_test_id("mine-none")).to_be_visible()
    shot(page, "medicine-card-returned")

    holders = ok(pwa.api("GET", "/medicine/custody", params={"person_id": person["id"]}))
    assert [(h["to_worker_id"], h["from_worker_id"]) for h in holders] == [(None, volunteer["id"])]
    fetched = ok(pwa.api("GET", f"/medicine/requests/{request['id']}"))
    assert (fetched["status"], fetched["amount_paid_fen"]) == ("collected", 4560)


def test_the_office_sees_a_card_to_reassign_when_its_holder_goes_off_duty(
    pwa: Pwa, page: Page, shot: Shot
) -> None:
    person = ok(pwa.api("GET", "/people", params={"limit": 2}))["items"][1]
    holder = ok(pwa.api("GET", "/workers", params={"q": "马永刚"}))["items"][0]
    card = {
        "client_id": str(uuid.uuid4()),
        "person_id": person["id"],
        "item": "insurance_card",
        "to_worker_id": holder["id"],
    }
    ok(pwa.api("POST", "/medicine/custody", json=card))
    ok(pwa.api("PATCH", f"/workers/{holder['id']}", json={"active": False}))
    try:
        sign_in(page, "staff", PASSWORD)
        expect(page).not_to_have_url(re.compile(r"/signin"))
        page.goto(f"{pwa.url}/staff/dashboard")
        alert = page.locator(".figure", has_text="医保卡待转交")
        for _ in range(20):  # the dashboard answers from a snapshot up to a few seconds old
            if alert.locator("strong").inner_text().strip() == "1":
                break
            page.wait_for_timeout(500)
            page.get_by_role("button", name="刷新").click()
        expect(alert.locator("strong")).to_have_text("1")
        expect(alert).to_have_class(re.compile("figure-alert"))
        shot(page, "medicine-dashboard-flagged")

        alert.click()  # the red line opens the cards to reassign
        expect(page).to_have_url(re.compile(r"/staff/medicine\?tab=custody$"))
        flagged = page.get_by_test_id("flagged").get_by_test_id("handover")
        expect(flagged).to_have_count(1)
        expect(flagged).to_have_attribute("data-flag", "off_duty")
        expect(flagged).to_contain_text("保管人已离岗")
        shot(page, "medicine-flagged")
        flagged.get_by_test_id("flagged-return").click()  # the office took it back to its owner
        expect(page.get_by_test_id("flagged-none")).to_be_visible()
    finally:
        ok(pwa.api("PATCH", f"/workers/{holder['id']}", json={"active": True}))


def test_an_over_the_counter_request_is_ordered_from_the_pharmacy(
    pwa: Pwa, page: Page, shot: Shot
) -> None:
    sign_in_resident(page, OTC_HOUSEHOLD)
    page.goto(f"{pwa.url}/household/medicine")
    form = page.get_by_test_id("medicine-form")
    form.locator("select[name=person]").select_option(index=1)
    form.locator("input[name=medicineName]").fill("布洛芬缓释胶囊")
    form.locator("[data-kind=otc]").click()
    expect(form.locator("input[name=hospital]")).to_have_count(0)
    page.get_by_test_id("ask-medicine").click()
    page.get_by_test_id("sent-to-pharmacy").click()

    expect(page).to_have_url(re.compile(r"/household/orders/new\?kind=pharmacy&medicine_request="))
    chosen = page.locator("[data-testid=partner][aria-pressed=true]")
    expect(chosen).to_contain_text("康健大药房")
    items = page.get_by_test_id("item")
    expect(items.first).to_be_visible()
    items.nth(0).get_by_role("button").last.click()
    page.get_by_test_id("place-order").click()
    expect(page).to_have_url(re.compile(r"/household/orders/[0-9a-f-]{36}$"))
    order_id = page.url.rsplit("/", 1)[1]

    page.goto(f"{pwa.url}/household/medicine")
    mine = page.get_by_test_id("my-medicine-request").filter(has_text="布洛芬缓释胶囊")
    expect(mine).to_have_attribute("data-status", "ordered")
    expect(mine.get_by_test_id("order-at-pharmacy")).to_have_count(0)
    shot(page, "medicine-resident-ordered")
    asked = ok(pwa.api("GET", "/medicine/requests", params={"kind": "otc"}))["items"]
    assert [r["order_id"] for r in asked if r["medicine_name"] == "布洛芬缓释胶囊"] == [order_id]


def test_the_office_registers_a_request_for_a_resident(pwa: Pwa, page: Page, shot: Shot) -> None:
    household = ok(pwa.api("GET", f"/households/{demo_household_id(REGISTERED_HOUSEHOLD)}"))
    person = household["members"][-1]
    sign_in(page, "staff", PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/signin"))
    page.goto(f"{pwa.url}/staff/medicine")
    page.get_by_test_id("medicine-tab-register").click()
    register = page.get_by_test_id("medicine-register")
    register.locator("input[name=q]").fill(person["name"])
    page.get_by_test_id("register-search").click()
    page.get_by_test_id("register-household").filter(has_text=household["address"]).click()
    expect(page.get_by_test_id("register-address")).to_have_text(household["address"])
    form = page.get_by_test_id("medicine-form")
    form.locator("select[name=person]").select_option(value=person["id"])
    form.locator("input[name=medicineName]").fill("二甲双胍片")
    form.locator("input[name=quantity]").fill("3盒")
    form.locator("input[name=hospital]").fill("区中心医院")
    form.locator("[data-need=record_book]").click()
    page.get_by_test_id("register-address").scroll_into_view_if_needed()
    shot(page, "medicine-office-registers")
    page.get_by_test_id("ask-medicine").click()
    expect(page.get_by_test_id("register-done")).to_contain_text("二甲双胍片")

    page.get_by_test_id("medicine-tab-requests").click()
    expect(page.get_by_test_id("medicine-request").filter(has_text="二甲双胍片")).to_have_count(1)
    asked = ok(pwa.api("GET", "/medicine/requests", params={"kind": "prescription"}))["items"]
    [registered] = [r for r in asked if r["medicine_name"] == "二甲双胍片"]
    assert (registered["person_id"], registered["needs_record_book"]) == (person["id"], True)


def test_a_grid_worker_registers_a_request_for_a_resident_of_their_buildings(
    pwa: Pwa, page: Page, shot: Shot
) -> None:
    grid1 = _login(pwa.url, "grid1")
    theirs = ok(httpx.get(f"{pwa.url}/api/v1/people", params={"limit": 50}, headers=grid1))
    person = theirs["items"][-1]
    sign_in(page, "grid1", PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/signin"))
    page.goto(f"{pwa.url}/staff/medicine/register")
    page.get_by_test_id("medicine-register").locator("input[name=q]").fill(person["name"])
    page.get_by_test_id("register-search").click()
    page.get_by_test_id("register-household").filter(has_text=person["address"]).first.click()
    form = page.get_by_test_id("medicine-form")
    form.locator("select[name=person]").select_option(value=person["id"])
    form.locator("input[name=medicineName]").fill("阿托伐他汀钙片")
    form.locator("input[name=hospital]").fill("区中心医院")
    page.get_by_test_id("ask-medicine").click()
    expect(page.get_by_test_id("register-done")).to_contain_text("阿托伐他汀钙片")
    page.get_by_test_id("register-done").scroll_into_view_if_needed()
    shot(page, "medicine-grid-worker-registers")
    asked = ok(pwa.api("GET", "/medicine/requests", params={"kind": "prescription"}))["items"]
    registered = [r["person_id"] for r in asked if r["medicine_name"] == "阿托伐他汀钙片"]
    assert registered == [person["id"]]
