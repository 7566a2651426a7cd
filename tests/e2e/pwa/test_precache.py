"""What a phone downloads before it works offline: the service worker precaches the shell and the
screens that work with no network (gate, household card and orders, sampler, the field forms that
queue into the outbox), not the screens that only show the server's data (the office's, the
dashboard, reports, round planning and results), which are cached the first time they open: a
visited one opens offline too, one never opened says it needs the network. Their words come with
them, in both languages."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.pwa.conftest import DIST, Pwa
from tests.e2e.pwa.test_staff import sign_in_as

Shot = Callable[[Page, str], Path]
OFFLINE_SCREENS = (
    "GateScreen",
    "VisitorForm",
    "ReturneeForm",
    "qr-scanner-worker.min",
    "HouseholdCard",
    "Orders",
    "NewOrder",
    "OrderTracking",
    "Sampler",
    "barcode",
    "MissingList",
    "ScreeningForm",
    "FollowUpEntry",
    "DoorDeliveries",
    "DisinfectionForm",
    "CareList",
)
ONLINE_SCREENS = (
    "Dashboard",
    "DailyReport",
    "AuditLog",
    "RoundPlan",
    "Results",
    "ShiftWeek",
    "Roster",
)
# an area's key left bare on the screen (its words did not arrive): `office.week.title`
BARE_KEY = re.compile(r"\b(?:office|ops|testing|audit|records|shell|staff)\.[a-z]\w*\.?\w*")


def precached() -> list[str]:
    return re.findall(r'url:"([^"]+)"', (DIST / "sw.js").read_text())


def chunk(names: list[str], screen: str) -> list[str]:
    pattern = re.compile(rf"assets/(online/)?{re.escape(screen)}-[\w-]+\.js")
    return [n for n in names if pattern.fullmatch(n)]


def test_the_offline_screens_are_precached_and_the_others_cached_on_first_use(pwa: Pwa) -> None:
    names = precached()
    assert "index.html" in names
    assert [s for s in OFFLINE_SCREENS if not chunk(names, s)] == []
    assert [n for n in names if n.startswith("assets/online/")] == []
    built = [str(p.relative_to(DIST)) for p in (DIST / "assets" / "online").iterdir()]
    assert [s for s in ONLINE_SCREENS if not chunk(built, s) or chunk(names, s)] == []
    sw = (DIST / "sw.js").read_text()
    assert "CacheFirst" in sw
    assert "assets\\/online\\/" in sw


def open_online(page: Page, path: str, title: str) -> None:
    page.goto(path)
    expect(page.locator(".bar-title")).to_contain_text(title)
    expect(page.get_by_test_id("screen-unavailable")).to_have_count(0)


def test_a_visited_office_screen_opens_offline_and_one_never_opened_says_so(
    pwa: Pwa, page: Page, shot: Shot
) -> None:
    sign_in_as(page, "staff")
    # the first install takes the page over (clientsClaim): what opens next is cached
    controlled = "navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"
    page.wait_for_function(controlled)
    open_online(page, "/staff/roster/week", "排班表")
    cached = "caches.open('shouhu-online-screens').then(c => c.keys()).then(k => k.map(r => r.url))"
    page.wait_for_function(f"{cached}.then(urls => urls.some(u => u.includes('/ShiftWeek-')))")

    page.context.set_offline(True)
    open_online(page, "/staff/roster/week", "排班表")  # from the runtime cache
    shot(page, "office-week-offline")
    page.goto("/staff/roster/coverage")
    expect(page.get_by_test_id("screen-unavailable")).to_contain_text("需联网")
    shot(page, "office-never-opened-offline")

    page.context.set_offline(False)
    page.get_by_test_id("screen-unavailable").get_by_role("button").click()
    expect(page.locator(".screen")).to_contain_text("缺人的班次")  # the screen's own words
    expect(page.get_by_test_id("screen-unavailable")).to_have_count(0)


def test_the_online_screens_bring_their_words_in_both_languages(
    pwa: Pwa, page: Page, shot: Shot
) -> None:
    sign_in_as(page, "admin")
    screens = (
        ("/staff/dashboard", "工作台", "Dashboard"),
        ("/staff/report", None, None),
        ("/staff/import", None, None),
        ("/staff/passes/print", None, None),
        ("/staff/roster", None, None),
        ("/staff/audit-log", "审计日志", "Audit log"),
        ("/staff/list?api=%2Fapi%2Fv1%2Fhouseholds", None, None),
        ("/staff/tasks/manage", "任务派发", "Task board"),
    )
    for english in (False, True):
        if english:
            page.get_by_test_id("lang").click()
        for path, zh, en in screens:
            page.goto(path)
            expect(page.locator(".screen")).to_be_visible()
            expect(page.locator("p.loading")).to_have_count(0)
            title = en if english else zh
            if title:
                expect(page.locator(".bar-title")).to_contain_text(title)
            text = page.locator("body").inner_text()
            assert BARE_KEY.findall(text) == [], (path, english)
            if path in ("/staff/dashboard", "/staff/audit-log"):
                shot(page, f"online-{path.rsplit('/', 1)[1]}-{'en' if english else 'zh'}")
