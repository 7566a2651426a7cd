"""Medicine on behalf end to end on phones: a resident's prescription refill goes on a run with
the volunteer 陈军 (gate1), the office hands him the resident's insurance card, he confirms on his
own phone, the run comes back with the medicine, and he returns the card to its owner."""

from __future__ import annotations

import re
import uuid
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


def switch_to(page: Page, username: str) -> None:
    page.get_by_test_id("account").click()
    page.get_by_test_id("sign-out").click()
    expect(page).to_have_url(re.compile(r"/signin"))
    sign_in(page, username, PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/signin"))


def test_a_card_goes_with_the_volunteer_to_the_hospital_and_comes_back(
    pwa: Pwa, page: Page, shot: Shot
) -> None:
    person = ok(pwa.api("GET", "/people", params={"limit": 1}))["items"][0]
    volunteer = ok(pwa.api("GET", "/workers", params={"q": "陈军"}))["items"][0]
    asked = {
        "client_id": str(uuid.uuid4()),
        "person_id": person["id"],
        "medicine_name": "硝苯地平控释片",
        "dose": "30mg 每日一次",
        "quantity": "2盒",
        "hospital": "市第一人民医院",
        "kind": "prescription",
        "needs_insurance_card": True,
    }
    request = ok(pwa.api("POST", "/medicine/requests", json=asked))

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
