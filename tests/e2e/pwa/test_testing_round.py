"""A mass testing round (全员核酸) end to end in the PWA: the office plans it (points, slots by
building) and starts sampling; a gate volunteer's phone downloads the round's bundle, loses the
network, reads a tube's Code 128 label and a resident's pass QR through the camera (a Y4M film
of both, tests/e2e/pwa/camera.py), registers the household's members until the tube is full and
opens the next; back online the registrations go up in one batch, exactly once; the missing list
shows who is left and a knock is recorded; the resident's card shows the slot and who is sampled.
Then the lab's sheet: checked (a row report in Chinese, nothing applied), applied, the positive
tube with its household and the decision on it.

Screenshots land in test-output/screenshots/testing-*.png."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, Request, expect

from shouhu_common.demo_ids import demo_household_id
from tests.e2e.pwa.camera import code128_luma, qr_luma, write_y4m_sequence
from tests.e2e.pwa.conftest import PASSWORD, Pwa
from tests.e2e.pwa.steps import sign_in

Shot = Callable[[Page, str], Path]
RESIDENT = 580  # demo households of their own: the other tests leave these alone
SECOND = 581
RESULTS_HOUSEHOLD = 582
POOL = 5


def ok(response: Any) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def active_pass(pwa: Pwa, number: int) -> dict[str, Any]:
    household_id = str(demo_household_id(number))
    found = ok(pwa.api("GET", "/passes", params={"household_id": household_id, "status": "active"}))
    if found["items"]:
        return dict(found["items"][0])
    body = {"household_id": household_id, "valid_until": "2099-01-01T00:00:00+00:00"}
    return dict(ok(pwa.api("POST", "/passes", json=body)))


def plan_round(page: Page, shot: Shot) -> str:
    """The office plans today's round in the PWA: 5 to a tube, two points; returns its id."""
    sign_in(page, "staff", PASSWORD)
    expect(page.get_by_test_id("account")).to_be_visible()
    page.goto("/staff/testing")
    page.get_by_test_id("plan-round").click()
    form = page.get_by_test_id("new-round")
    form.locator("input[name=name]").fill(f"全员核酸 e2e {uuid.uuid4().hex[:4]}")
    form.locator(f"[data-pool='{POOL}']").click()
    form.locator("input[name=point-0-name]").fill("东门采样点")
    form.locator("input[name=point-0-place]").fill("东门广场")
    form.locator("input[name=point-0-tables]").fill("3")
    form.get_by_test_id("add-point").click()
    form.locator("input[name=point-1-name]").fill("北门采样点")
    form.locator("input[name=point-1-closes]").fill("11:00")
    shot(page, "testing-new-round")
    form.get_by_test_id("create-round").click()
    expect(page).to_have_url(re.compile(r"/staff/testing/[0-9a-f-]{36}$"), timeout=20_000)
    round_id = page.url.rsplit("/", 1)[1]
    expect(page.get_by_test_id("building-slots").first).to_be_visible()
    shot(page, "testing-plan-slots")
    page.get_by_test_id("publish-notice").click()
    expect(page.get_by_test_id("plan-note")).to_have_text("通知已发布")
    page.get_by_test_id("round-next").click()
    expect(page.get_by_test_id("round-status")).to_have_text("采样中")
    return round_id


def register_household(page: Page, count: int | None = None) -> int:
    """Picks the household's members in the picker (all that fit, or `count`) and registers."""
    picker = page.get_by_test_id("member-picker")
    expect(picker).to_be_visible(timeout=15_000)
    members = picker.get_by_test_id("member")
    picked = 0
    for index in range(members.count()):
        if count is not None and picked == count:
            break
        if members.nth(index).is_enabled():
            members.nth(index).click()
            picked += 1
    page.get_by_test_id("register").click()
    expect(picker).to_have_count(0)
    return picked


def test_a_round_planned_sampled_offline_and_followed_up(
    pwa: Pwa,
    page: Page,
    camera_page: Callable[[str | Path], Page],
    browser: Browser,
    browser_context_args: dict[str, Any],
    shot: Shot,
    tmp_path: Path,
) -> None:
    round_id = plan_round(page, shot)

    resident_pass, second_pass = active_pass(pwa, RESIDENT), active_pass(pwa, SECOND)
    tube, next_tube = f"TB{uuid.uuid4().hex[:8].upper()}", f"TB{uuid.uuid4().hex[:8].upper()}"
    film = write_y4m_sequence(
        [code128_luma(tube), qr_luma(resident_pass["token"])], tmp_path / "tube-and-pass.y4m"
    )
    sampler = camera_page(film)
    batches: list[str] = []

    def count_batches(request: Request) -> None:
        if "registrations:batch" in request.url:
            batches.append(request.url)

    sampler.on("request", count_batches)
    sign_in(sampler)  # the gate volunteer pwa.gate
    expect(sampler.get_by_test_id("account")).to_be_visible()
    sampler.goto(f"/sampling/{round_id}")
    expect(sampler.get_by_test_id("sampler")).to_be_visible(timeout=20_000)
    sampler.evaluate("navigator.serviceWorker.ready.then(() => true)")

    sampler.context.set_offline(True)
    sampler.reload()  # an offline start: the shell from the precache, the bundle from IndexedDB
    expect(sampler.get_by_test_id("offline")).to_be_visible()
    box = sampler.get_by_test_id("tube")
    expect(box).to_contain_text(tube, timeout=20_000)  # the camera read the Code 128 label
    expect(box).to_have_attribute("data-capacity", str(POOL))
    first = register_household(sampler)  # the pass QR opened the household's members
    expect(box).to_have_attribute("data-filled", str(first))
    shot(sampler, "testing-sampler-offline")

    sampler.evaluate("t => window.__shouhuDecoded(t)", second_pass["token"])
    second = register_household(sampler, POOL - first)
    assert first + second == POOL
    expect(box).to_have_attribute("data-filled", str(POOL))
    expect(sampler.get_by_test_id("sampler-note")).to_contain_text("已满")
    expect(sampler.get_by_test_id("sample-pending")).to_have_attribute("data-n", str(POOL))
    expect(sampler.get_by_test_id("pending")).to_have_text(f"待同步 {POOL}")
    shot(sampler, "testing-sampler-full")
    sampler.evaluate("t => window.__shouhuDecoded(t)", next_tube)
    expect(box).to_contain_text(next_tube)
    expect(box).to_have_attribute("data-filled", "0")
    assert batches == []

    sampler.context.set_offline(False)
    pending = sampler.get_by_test_id("sample-pending")
    expect(pending).to_have_attribute("data-n", "0", timeout=20_000)
    expect(sampler.get_by_test_id("pending")).to_have_count(0)
    shot(sampler, "testing-sampler-synced")
    assert len(batches) == 1
    figures = ok(pwa.api("GET", f"/testing-rounds/{round_id}/figures"))
    sampler.reload()  # a start online syncs again: nothing is sent twice
    expect(sampler.get_by_test_id("sampler")).to_be_visible()
    expect(sampler.get_by_test_id("sample-pending")).to_have_attribute("data-n", "0")
    assert len(batches) == 1
    assert ok(pwa.api("GET", f"/testing-rounds/{round_id}/figures")) == figures

    # the missing list: the resident's household is done, others are left; a knock
    page.goto(f"/staff/testing/{round_id}/missing")
    buildings = page.get_by_test_id("missing-building")
    expect(buildings.first).to_be_visible(timeout=20_000)
    buildings.first.locator("summary").click()  # many buildings: each opens on a tap
    rows = page.get_by_test_id("missing-household")
    expect(rows.first).to_be_visible()
    resident_id = str(demo_household_id(RESIDENT))
    expect(page.locator(f"[data-household='{resident_id}']")).to_have_count(0)
    knocked = rows.first.get_attribute("data-household")
    rows.first.locator("button").first.click()
    page.locator("[data-outcome=no_answer]").click()
    page.locator("input[name=note]").fill("敲门两次无人应答")
    page.get_by_test_id("knock-save").click()
    expect(page.get_by_test_id("knock-queued")).to_contain_text("无人应答")
    expect(page.get_by_test_id("pending")).to_have_count(0, timeout=15_000)
    shot(page, "testing-missing-knock")
    missing = ok(pwa.api("GET", f"/testing-rounds/{round_id}/missing"))
    knocks = [
        h["last_knock"]
        for b in missing["buildings"]
        for f in b["floors"]
        for h in f["households"]
        if h["household_id"] == knocked
    ]
    assert len(knocks) == 1, missing
    assert knocks[0]["outcome"] == "no_answer", knocks

    # the resident's card: the slot, the points' busyness, members sampled
    resident = browser.new_context(**browser_context_args).new_page()
    resident.goto("/signin")
    resident.get_by_role("tab", name="居民").click()
    resident.locator("input[name=access_code]").fill(f"DEMO-{RESIDENT:04d}")
    resident.get_by_test_id("signin-submit").click()
    card = resident.get_by_test_id("testing")
    expect(card).to_be_visible(timeout=20_000)
    expect(resident.get_by_test_id("testing-slot")).to_contain_text("采样点")
    expect(resident.get_by_test_id("busyness")).to_contain_text(re.compile("空闲|较忙|繁忙"))
    expect(card.locator("[data-sampled=yes]")).to_have_count(first)
    card.scroll_into_view_if_needed()
    shot(resident, "testing-resident-card")
    resident.context.close()


def sampled_tube(pwa: Pwa, number: int) -> tuple[str, str, list[str]]:
    """A round under way (API) with one household swabbed into one tube; its id, the tube, and
    the people in it."""
    body = {
        "name": f"结果导入 e2e {uuid.uuid4().hex[:4]}",
        "round_date": datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat(),
        "pool_size": 10,
        "points": [{"name": "南门采样点", "opens_at": "07:00", "closes_at": "12:00", "tables": 4}],
    }
    created = ok(pwa.api("POST", "/testing-rounds", json=body))
    round_id = created["id"]
    ok(pwa.api("PATCH", f"/testing-rounds/{round_id}", json={"status": "sampling"}))
    bundle = ok(pwa.api("GET", f"/testing-rounds/{round_id}/sampling-bundle"))
    household = str(demo_household_id(number))
    people = next(h for h in bundle["households"] if h["household_id"] == household)["members"]
    tube = f"TR{uuid.uuid4().hex[:8].upper()}"
    registrations = [
        {
            "client_id": str(uuid.uuid4()),
            "tube_barcode": tube,
            "point_id": created["points"][0]["id"],
            "person_id": p["person_id"],
            "sampled_at": datetime.now(UTC).isoformat(),
        }
        for p in people
    ]
    answer = ok(
        pwa.api(
            "POST",
            f"/testing-rounds/{round_id}/registrations:batch",
            json={"registrations": registrations},
        )
    )
    assert len(answer["accepted"]) == len(people), answer
    return round_id, tube, [p["person_id"] for p in people]


def upload_sheet(page: Page, rows: str) -> None:
    sheet = ("管码,结果\n" + rows).encode()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "results.csv", "mimeType": "text/csv", "buffer": sheet}]
    )
    page.get_by_test_id("results-check").click()


def test_results_checked_applied_and_a_household_decided(pwa: Pwa, page: Page, shot: Shot) -> None:
    round_id, tube, people = sampled_tube(pwa, RESULTS_HOUSEHOLD)
    sign_in(page, "staff", PASSWORD)
    expect(page.get_by_test_id("account")).to_be_visible()
    page.goto(f"/staff/testing/{round_id}/results")

    upload_sheet(page, f"{tube},阳性\nNOSUCHTUBE,阴性\n")
    report = page.get_by_test_id("results-report")
    expect(report).to_contain_text("有问题，未导入任何结果")
    expect(report).to_contain_text("NOSUCHTUBE")  # the row, with the API's words in Chinese
    expect(page.get_by_test_id("results-set-off")).to_have_count(0)  # nothing is set off
    expect(page.get_by_test_id("results-apply")).to_be_disabled()
    shot(page, "testing-results-problems")

    upload_sheet(page, f"{tube},阳性\n")
    expect(report).to_contain_text("检查通过")
    expect(page.get_by_test_id("results-set-off")).to_contain_text("导入后：阳性 1 管")
    page.get_by_test_id("results-apply").click()
    expect(report).to_have_attribute("data-applied", "true")
    expect(page.get_by_test_id("results-set-off")).to_contain_text("阳性 1 管")
    positive = page.get_by_test_id("positive").filter(has_text=tube)
    expect(positive).to_be_visible()
    expect(page.get_by_test_id("retests").locator("li")).to_have_count(len(people))
    shot(page, "testing-results-positive")

    positive.locator("input[name=reason]").fill("密接，居家观察")
    positive.get_by_test_id("decide-none").click()
    expect(positive.get_by_test_id("decided")).to_have_text("已决定：不隔离")
    shot(page, "testing-results-decided")
