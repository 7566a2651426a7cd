"""Offline at the gate: the app starts with no network (service worker), judges scans on the
phone, queues five passages (待同步 5), and uploads them exactly once when the network returns.

The gate screen ignores the card it has just logged for a few seconds (a card held still is read
over and over); the five passages of one card run on Playwright's clock and move time past that
pause instead of waiting it out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.pwa.conftest import Pwa
from tests.e2e.pwa.steps import (
    sign_in,
    sign_in_to_gate,
    type_pass_number,
    type_temperature,
    verdict,
    wait_synced,
)

Shot = Callable[[Page, str], Path]
SAME_QR_PAUSE_MS = 3000  # GateScreen.tsx: the card just logged is not read again this soon


def test_five_passages_offline_sync_exactly_once(
    pwa: Pwa, camera_page: Callable[[str], Page], shot: Shot
) -> None:
    allowed = pwa.passes["allow"]
    page = camera_page(allowed["token"])
    sign_in(page)
    expect(verdict(page)).to_have_attribute("data-verdict", "allow")  # online, by the server
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    before = len(pwa.gate_logs(household_id=allowed["household_id"]))

    page.context.set_offline(True)
    page.clock.install()  # the page's timers from this start on
    page.reload()  # an offline start: shell from the precache, session and bundle from storage
    expect(page.get_by_test_id("offline")).to_be_visible()
    for n in range(1, 6):
        box = verdict(page)
        expect(box).to_have_attribute("data-verdict", "allow")
        expect(box).to_contain_text("离线核验")
        type_temperature(page, "366")
        page.get_by_test_id("submit").click()
        final = page.get_by_test_id("verdict-final")
        expect(final).to_contain_text("已离线保存")
        expect(page.get_by_test_id("pending")).to_have_text(f"待同步 {n}")
        if n == 5:
            shot(page, "gate-offline-queued")
        page.get_by_test_id("next").click()
        page.clock.fast_forward(SAME_QR_PAUSE_MS)  # the camera reads the same card again
    assert len(pwa.gate_logs(household_id=allowed["household_id"])) == before

    page.context.set_offline(False)
    wait_synced(page)
    expect(page.get_by_test_id("synced")).to_have_text("已同步 5 条通行记录")
    shot(page, "gate-offline-synced")
    logs = pwa.gate_logs(household_id=allowed["household_id"])
    offline = [log for log in logs if log["offline"]]
    assert len(offline) == 5
    assert len(logs) == before + 5
    assert {log["logged_by"] for log in offline} == {pwa.volunteers["pwa.gate"]}
    assert {log["temperature"] for log in offline} == {36.6}

    page.reload()  # a start with the network syncs again: nothing is sent twice
    expect(page.get_by_test_id("gate-scan").or_(page.get_by_test_id("verdict"))).to_be_visible()
    wait_synced(page)
    assert len(pwa.gate_logs(household_id=allowed["household_id"])) == before + 5


def test_offline_revoked_pass_is_denied_on_the_phone(
    pwa: Pwa, camera_page: Callable[[str], Page], shot: Shot
) -> None:
    page = camera_page(pwa.passes["revoked"]["token"])
    sign_in(page)
    expect(verdict(page)).to_have_attribute("data-reason", "revoked")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.context.set_offline(True)
    page.reload()
    box = verdict(page)
    expect(box).to_have_attribute("data-reason", "revoked")
    expect(box).to_contain_text("离线核验")
    shot(page, "gate-deny-offline")


def test_a_typed_number_offline_is_checked_by_hand_not_refused(
    pwa: Pwa, page: Page, shot: Shot
) -> None:
    sign_in_to_gate(page)
    page.context.set_offline(True)
    expect(page.get_by_test_id("offline")).to_be_visible()
    type_pass_number(page, pwa.passes["allow"]["number"])
    box = verdict(page)
    expect(box).to_have_attribute("data-verdict", "manual")  # nobody was refused
    expect(box).to_contain_text("离线无法核验")
    expect(box).to_contain_text("请人工核对")
    expect(box).to_contain_text("扫码")  # what the volunteer can do instead
    expect(box).not_to_contain_text("禁止")
    shot(page, "gate-offline-number")
    page.get_by_test_id("next").click()
    expect(page.get_by_test_id("gate-scan")).to_be_visible()
