"""Visitor self-registration end to end: staff print 东苑东门's poster; a visitor opens the form by
the poster's URL in a fresh browser (no sign-in) and registers; gate1, posted at that gate, sees
the registration pending on the gate screen, types the temperature and confirms it with one tap;
only then is it a gate visitor."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from shouhu_common.demo_ids import demo_id
from tests.e2e.pwa.conftest import PASSWORD, SCREENSHOTS, Pwa
from tests.e2e.pwa.steps import sign_in

Shot = Callable[[Page, str], Path]
GATE = str(demo_id("gate", "东苑东门"))  # gate1's post in the demo
VISITOR = "赵访客"


def ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def poster_png(pwa: Pwa) -> Path:
    """The gate's poster as a PNG to look at (pdftoppm, poppler-utils)."""
    response = pwa.api("GET", f"/visitor-registrations/gates/{GATE}/poster.pdf")
    assert response.status_code == 200, response.text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / "visitor-poster.pdf"
    pdf.write_bytes(response.content)
    prefix = SCREENSHOTS / "visitor-poster"
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-singlefile", pdf, prefix], check=True)
    return prefix.with_suffix(".png")


def test_a_visitor_registers_from_the_poster_and_gate1_confirms(
    pwa: Pwa, browser: Browser, browser_context_args: dict[str, Any], page: Page, shot: Shot
) -> None:
    assert poster_png(pwa).exists()
    form_url = ok(pwa.api("POST", f"/visitor-registrations/gates/{GATE}/token"))["form_url"]
    assert form_url.startswith(pwa.url)

    visitor = browser.new_context(**browser_context_args)  # the visitor's own phone
    try:
        phone = visitor.new_page()
        phone.goto(form_url)
        form = phone.get_by_test_id("visit-form")
        expect(form).to_be_visible()
        form.locator("input[name=name]").fill(VISITOR)
        form.locator("input[name=phone]").fill("13655556666")
        form.locator("input[name=visiting]").fill("东苑1栋101")
        form.locator("input[name=purpose]").fill("送生活物资")
        shot(phone, "visit-form")
        phone.get_by_test_id("visit-submit").click()
        done = phone.get_by_test_id("visit-done")
        expect(done).to_contain_text("东苑东门")
        expect(done).to_contain_text(VISITOR)
        shot(phone, "visit-done")
    finally:
        visitor.close()

    before = ok(pwa.api("GET", "/gate/visitors", params={"gate_id": GATE, "limit": 200}))
    assert VISITOR not in {v["name"] for v in before["items"]}  # a scan alone is no passage

    sign_in(page, "gate1", PASSWORD)  # a volunteer starts on the gate screen
    expect(page.get_by_test_id("gate-scan")).to_be_visible(timeout=20_000)
    waiting = page.get_by_test_id("pending-registrations")
    expect(waiting).to_be_visible(timeout=20_000)
    item = waiting.get_by_test_id("pending-registration").filter(has_text=VISITOR)
    expect(item).to_contain_text("136****6666")  # masked for the volunteer
    expect(item).not_to_contain_text("13655556666")
    item.locator("input[name=registration_temperature]").fill("36.5")
    waiting.scroll_into_view_if_needed()
    shot(page, "gate-pending-registration")
    item.get_by_test_id("confirm-registration").click()
    expect(page.get_by_test_id("registration-confirmed")).to_contain_text(VISITOR)
    expect(waiting.get_by_test_id("pending-registration").filter(has_text=VISITOR)).to_have_count(0)
    waiting.scroll_into_view_if_needed()
    shot(page, "gate-registration-confirmed")

    after = ok(pwa.api("GET", "/gate/visitors", params={"gate_id": GATE, "limit": 200}))
    [visitor_row] = [v for v in after["items"] if v["name"] == VISITOR]
    assert (visitor_row["kind"], visitor_row["temperature"]) == ("visitor", 36.5)
    assert visitor_row["phone"] == "136****6666"
