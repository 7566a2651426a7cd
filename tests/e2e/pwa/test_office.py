"""The community office's screens on a 390×800 phone, as staff: a new worker put on a gate's
week filled from the templates, and refused a second shift at the same time; a building moved
between two grid workers (and the gap a move to nobody would leave, refused); a task and a
disinfection schedule; a fever referral closed naming the person; a quarantine started from the
household file, extended, its notice printed, and released."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from shouhu_common.demo_ids import demo_household_id
from tests.e2e.pwa.conftest import PASSWORD, VIEWPORT, VOLUNTEER_PASSWORD, Pwa
from tests.e2e.pwa.test_staff import ok, open_tile, sign_in_as

Shot = Callable[[Page, str], Path]
QUARANTINE_HOUSEHOLD = 420  # 西苑: no gate, household or staff test uses it
FEVER_HOUSEHOLD = 430
GRID_BUILDINGS = ("西苑 5栋", "西苑 6栋")  # nobody's in the demo


def token(pwa: Pwa, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = httpx.post(
        f"{pwa.url}/api/v1/auth/token",
        data={"username": username, "password": password},
        timeout=10,
    )
    return {"Authorization": f"Bearer {ok(response)['access_token']}"}


def grid_worker(pwa: Pwa, username: str, name: str) -> str:
    """A grid-worker account of the demo community; its subject."""
    community = ok(pwa.api("GET", "/auth/me"))["community_ids"][0]
    body = {
        "username": username,
        "password": PASSWORD,
        "display_name": name,
        "role": "grid_worker",
        "community_ids": [community],
    }
    admin = token(pwa, "admin")
    made = httpx.post(f"{pwa.url}/api/v1/auth/users", json=body, headers=admin, timeout=10)
    assert made.status_code in (201, 409), made.text
    me = httpx.get(f"{pwa.url}/api/v1/auth/me", headers=token(pwa, username), timeout=10)
    return str(ok(me)["subject"])


def fever_at_the_gate(pwa: Pwa, household_id: str) -> None:
    """A feverish exit with the household's pass: the gate opens a referral naming nobody."""
    passes = ok(pwa.api("GET", "/passes", params={"household_id": household_id}))["items"]
    active = [p for p in passes if p["status"] == "active"]
    body = {"household_id": household_id, "valid_until": "2099-01-01T00:00:00+00:00"}
    card = active[0] if active else ok(pwa.api("POST", "/passes", json=body))
    log = {
        "client_id": str(uuid.uuid4()),
        "gate_id": pwa.gate_id,
        "token": card["token"],
        "direction": "out",
        "temperature": 38.6,
        "mask": True,
    }
    volunteer = token(pwa, "pwa.gate", VOLUNTEER_PASSWORD)
    ok(httpx.post(f"{pwa.url}/api/v1/gate/logs", json=log, headers=volunteer, timeout=10))


def desktop_shot(page: Page, shot: Shot, name: str) -> None:
    """The same screen on an office laptop (two columns), then back to the phone."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, name)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": VIEWPORT["height"]})


def other_gate(pwa: Pwa) -> dict[str, Any]:
    gates = ok(pwa.api("GET", "/gate/gates"))
    return dict(next(g for g in gates if g["id"] != pwa.gate_id))


class TestRoster:
    def test_a_new_worker_on_the_week_and_an_overlap_refused(
        self, pwa: Pwa, page: Page, shot: Shot
    ) -> None:
        sign_in_as(page, "staff")
        open_tile(page, "值守名册")
        page.get_by_test_id("add-worker").click()
        page.locator("input[name=name]").fill("赵志远")
        page.locator("[data-kind=volunteer]").click()
        page.locator("select[name=category]").select_option(label="退役军人")
        page.locator("input[name=age]").fill("52")
        page.locator("input[name=phone]").fill("136 5555 0123")
        page.locator("[data-skill=测温]").click()
        page.locator("[data-skill=秩序维护]").click()
        page.locator("input[name=availability_note]").fill("全天可排")
        shot(page, "office-worker-form")
        page.get_by_test_id("save-worker").click()
        expect(page.get_by_test_id("worker-saved")).to_contain_text("已保存：赵志远")
        expect(page).to_have_url(re.compile(r"/staff/roster/workers/[0-9a-f-]{36}\?saved=1$"))
        expect(page.get_by_text("已登记 136****0123")).to_be_visible()  # masked, never in full
        shot(page, "office-worker-saved")
        worker = ok(pwa.api("GET", "/workers", params={"q": "赵志远"}))["items"][0]
        assert worker["category"] == "veteran"
        assert worker["age"] == 52
        assert worker["skills"] == ["测温", "秩序维护"]

        open_tile(page, "排班表")
        page.locator("select[name=gate]").select_option(label=pwa.gate_name)
        page.get_by_test_id("fill-week").click()
        expect(page.get_by_test_id("filled")).to_contain_text(re.compile(r"新建 \d+ 个班次"))
        expect(page.get_by_test_id("week-shift").first).to_be_visible()
        shot(page, "office-week")
        desktop_shot(page, shot, "office-week-desktop")

        page.get_by_role("button", name="缺岗与工时", exact=True).click()
        gap = page.get_by_test_id("gap").filter(has_text=pwa.gate_name).first
        expect(gap).to_be_visible()
        expect(page.get_by_test_id("over-hours")).to_contain_text("刘建国")  # the demo's night owl
        shot(page, "office-coverage")
        desktop_shot(page, shot, "office-coverage-desktop")
        gap.click()
        title = page.get_by_test_id("shift-title")
        expect(title).to_contain_text(pwa.gate_name)
        day, label = title.get_attribute("data-date"), title.get_attribute("data-label")
        assert day
        assert label
        page.locator("input[name=worker_q]").fill("赵志远")
        page.locator("input[name=worker_q]").press("Enter")
        page.locator("[data-testid=candidate][data-name=赵志远]").get_by_test_id("assign").click()
        expect(page.get_by_test_id("shift-done")).to_contain_text("已排入：赵志远")
        expect(page.get_by_test_id("on-shift")).to_contain_text("赵志远")
        shot(page, "office-shift-assigned")

        # The same hours at another gate: refused with the API's Chinese title.
        gate = other_gate(pwa)
        page.get_by_role("button", name="返回").click()
        page.goto(f"/staff/roster/week?gate={gate['id']}&week={monday_of(day)}")
        page.get_by_test_id("fill-week").click()  # the demo filled it already: nothing new
        expect(page.get_by_test_id("filled")).to_be_visible()
        same_time = page.locator(
            f"[data-testid=week-shift]:has([data-date='{day}'][data-label='{label}'])"
        )
        same_time.click()
        expect(page.get_by_test_id("shift-title")).to_contain_text(gate["name"])
        page.locator("input[name=worker_q]").fill("赵志远")
        page.locator("input[name=worker_q]").press("Enter")
        candidate = page.locator("[data-testid=candidate][data-name=赵志远]")
        candidate.get_by_test_id("assign").click()
        expect(candidate.get_by_test_id("problem")).to_have_text("该人员在此时段已有其他班次")
        expect(candidate.get_by_test_id("problem-detail")).to_contain_text(pwa.gate_name)
        shot(page, "office-shift-overlap")
        shifts = ok(pwa.api("GET", "/shifts", params={"worker_id": worker["id"]}))["items"]
        assert [s["gate_id"] for s in shifts] == [pwa.gate_id]

    def test_a_shift_template(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_as(page, "staff")
        page.goto("/staff/roster/templates")
        expect(page.get_by_test_id("template").first).to_be_visible()  # the demo's three
        page.locator("input[name=template_name]").fill("午间加岗")
        page.locator("input[name=start_time]").fill("11:00")
        page.locator("input[name=end_time]").fill("13:00")
        page.get_by_test_id("template-days").locator("[data-day='6']").click()
        page.get_by_test_id("template-days").locator("[data-day='7']").click()
        page.locator("select[name=template_gate]").select_option(label=pwa.gate_name)
        page.get_by_test_id("add-template").click()
        made = page.locator("[data-testid=template][data-name=午间加岗]")
        expect(made).to_contain_text("11:00–13:00")
        expect(made).to_contain_text("一二三四五")
        made.get_by_role("button", name="停用").click()
        expect(made).to_contain_text("已停用")
        made.scroll_into_view_if_needed()
        shot(page, "office-templates")

    def test_in_english(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_as(page, "staff")
        page.get_by_test_id("lang").click()
        for tile, words in (
            ("Gaps and hours", "Shifts short of people"),
            ("Grid assignments", "households assigned"),
            ("Fever referrals", "open"),
        ):
            open_tile(page, tile)
            expect(page.locator(".screen")).to_contain_text(words)
            assert "office." not in page.locator(".screen").inner_text()  # no key left bare
        page.goto("/staff/roster/workers/new")
        expect(page.locator(".screen")).to_contain_text("Choose a category")
        assert "office." not in page.locator(".screen").inner_text()
        shot(page, "office-worker-form-en")


def monday_of(day: str) -> str:
    d = datetime.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).date().isoformat()


class TestGrid:
    def test_a_building_moves_between_two_grid_workers(
        self, pwa: Pwa, page: Page, shot: Shot
    ) -> None:
        giver = grid_worker(pwa, "pwa.grid.a", "网格员 甲")
        taker = grid_worker(pwa, "pwa.grid.b", "网格员 乙")
        cover = ok(pwa.api("GET", "/assignments/coverage"))
        ids = {
            u["building_name"]: u["building_id"] for u in cover["uncovered"] if u["whole_building"]
        }
        moved, kept = GRID_BUILDINGS
        plan = {
            "community_id": cover["community_id"],
            "workers": [
                {"subject": giver, "building_ids": [ids[moved]]},
                {"subject": taker, "building_ids": [ids[kept]]},
            ],
        }
        ok(pwa.api("PUT", "/assignments", json=plan))

        sign_in_as(page, "staff")
        open_tile(page, "网格分工")
        card = page.locator(f"[data-testid=grid-worker][data-subject='{giver}']")
        expect(card).to_contain_text("网格员 甲")  # staff see names, not account ids
        area = card.locator(f"[data-testid=area][data-building='{moved}']")
        area.get_by_test_id("move-area").click()
        panel = card.get_by_test_id("move-panel")
        panel.locator("select[name=move_to]").select_option(value="")  # nobody: a gap
        panel.get_by_test_id("confirm-move").click()
        expect(card.get_by_test_id("problem")).to_have_text(
            "调整后有楼层无人负责，请在同一次调整中交给另一名网格员"
        )
        expect(card.get_by_test_id("problem-detail")).to_contain_text(moved)
        shot(page, "office-grid-gap")
        panel.locator("select[name=move_to]").select_option(value=taker)
        panel.get_by_test_id("confirm-move").click()
        expect(page.get_by_test_id("grid-moved")).to_contain_text(moved)
        taker_card = page.locator(f"[data-testid=grid-worker][data-subject='{taker}']")
        expect(taker_card.locator(f"[data-building='{moved}']")).to_be_visible()
        shot(page, "office-grid-moved")
        desktop_shot(page, shot, "office-grid-desktop")
        mine = ok(pwa.api("GET", "/assignments", params={"subject": taker}))
        assert {a["building_id"] for a in mine} == {ids[moved], ids[kept]}
        assert ok(pwa.api("GET", "/assignments", params={"subject": giver})) == []

    def test_admins_see_the_grid_workers_names(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        grid_worker(pwa, "pwa.grid.b", "网格员 乙")
        sign_in_as(page, "admin")
        open_tile(page, "网格分工")
        expect(page.get_by_test_id("grid-worker").filter(has_text="网格员 王强")).to_be_visible()
        shot(page, "office-grid-admin")


class TestTasksAndSchedules:
    def test_a_task_for_a_grid_worker(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_as(page, "staff")
        open_tile(page, "任务派发")
        page.locator("[data-kind=poster]").click()
        page.locator("input[name=task_title]").fill("西苑5栋张贴核酸检测通知")
        page.locator("input[name=task_place]").fill("各单元门口")
        page.locator("select[name=task_building]").select_option(label="西苑 5栋")
        page.locator("select[name=task_worker]").select_option(label="王强 · 网格员")
        due = datetime.now(UTC) + timedelta(days=1)
        page.locator("input[name=task_due]").fill(
            (due + timedelta(hours=8)).strftime("%Y-%m-%dT18:00")
        )
        shot(page, "office-task-form")
        page.get_by_test_id("create-task").click()
        expect(page.get_by_test_id("task-made")).to_contain_text("西苑5栋张贴核酸检测通知")
        made = page.locator("[data-testid=board-task][data-title=西苑5栋张贴核酸检测通知]")
        expect(made).to_contain_text("负责人：王强")
        made.scroll_into_view_if_needed()
        shot(page, "office-tasks")
        desktop_shot(page, shot, "office-tasks-desktop")
        page.locator("[data-view=overdue]").click()
        expect(page.locator("[data-view=overdue]")).to_have_attribute("aria-selected", "true")
        expect(made).to_have_count(0)  # due tomorrow
        tasks = ok(pwa.api("GET", "/tasks", params={"limit": 200}))["items"]
        task = next(t for t in tasks if t["title"] == "西苑5栋张贴核酸检测通知")
        assert (task["kind"], task["assignee_name"], task["place"]) == (
            "poster",
            "王强",
            "各单元门口",
        )
        assert task["due_at"].endswith(("10:00:00Z", "10:00:00+00:00"))

    def test_a_disinfection_schedule(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_as(page, "staff")
        open_tile(page, "消毒计划")
        page.locator("input[name=schedule_name]").fill("垃圾点每日三次")
        page.locator("[data-kind=garbage_point]").click()
        page.locator("input[name=schedule_times]").fill("18:00 7:00 12:00")
        page.locator("textarea[name=schedule_places]").fill("东苑垃圾站\n西苑垃圾站")
        expect(page.get_by_test_id("schedule-preview")).to_have_text("每天 3 次 × 2 处 = 6 次")
        shot(page, "office-schedule-form")
        page.get_by_test_id("save-schedule").click()
        expect(page.get_by_test_id("schedule-saved")).to_contain_text("垃圾点每日三次")
        card = page.locator("[data-testid=schedule][data-name=垃圾点每日三次]")
        expect(card).to_contain_text("07:00、12:00、18:00")
        card.get_by_test_id("edit-schedule").click()
        page.locator("input[name=schedule_times]").fill("07:00 18:00")
        page.get_by_test_id("save-schedule").click()
        expect(card).to_contain_text("每天 07:00、18:00")
        expect(card).to_contain_text("每天共 4 次")
        card.scroll_into_view_if_needed()
        shot(page, "office-schedules")
        schedules = ok(pwa.api("GET", "/disinfections/schedules"))["items"]
        made = [s for s in schedules if s["name"] == "垃圾点每日三次"]
        assert len(made) == 1
        assert made[0]["times"] == ["07:00", "18:00"]
        assert [p["place"] for p in made[0]["places"]] == ["东苑垃圾站", "西苑垃圾站"]


class TestReferrals:
    def test_a_gate_fever_is_closed_naming_the_person(
        self, pwa: Pwa, page: Page, shot: Shot
    ) -> None:
        household_id = str(demo_household_id(FEVER_HOUSEHOLD))
        household = ok(pwa.api("GET", f"/households/{household_id}"))
        fever_at_the_gate(pwa, household_id)
        sign_in_as(page, "staff")
        open_tile(page, "发热转诊")
        item = page.locator(f"[data-testid=referral-item][data-address='{household['address']}']")
        expect(item).to_contain_text("38.6")
        expect(item).to_contain_text("未指明是谁")
        shot(page, "office-referrals")
        item.get_by_test_id("handle-referral").click()
        item.locator("[data-outcome=ruled_out]").click()
        member = household["members"][0]
        item.locator("select[name=referral_person]").select_option(value=member["id"])
        item.locator("input[name=referral_note]").fill("发热门诊排除，回家观察")
        shot(page, "office-referral-close")
        item.get_by_test_id("close-referral").click()
        expect(page.get_by_test_id("referral-closed")).to_contain_text("已排除")
        expect(item).to_have_count(0)
        shot(page, "office-referral-closed")
        closed = ok(
            pwa.api("GET", "/referrals", params={"status": "closed", "person_id": member["id"]})
        )["items"]
        assert [(r["outcome"], r["household_id"]) for r in closed] == [("ruled_out", household_id)]


class TestQuarantine:
    def test_start_extend_print_and_release_from_the_household_file(
        self, pwa: Pwa, page: Page, shot: Shot
    ) -> None:
        household_id = str(demo_household_id(QUARANTINE_HOUSEHOLD))
        sign_in_as(page, "staff")
        page.goto(f"/staff/households/{household_id}")
        expect(page.get_by_test_id("status")).to_have_text("正常")
        page.get_by_test_id("manage-quarantine").click()
        form = page.get_by_test_id("start-quarantine")
        expect(form.get_by_test_id("quarantine-days")).to_have_text("共 14 天")
        expect(form.get_by_test_id("submit-quarantine")).to_be_disabled()  # no reason yet
        form.locator("select[name=start_reason_code]").select_option("close_contact")
        form.locator("input[name=start_reason_text]").fill("与确诊者同乘电梯")
        shot(page, "office-quarantine-form")
        form.get_by_test_id("submit-quarantine").click()
        expect(page.get_by_test_id("quarantine-done")).to_contain_text("已开始隔离：全户")
        expect(page.get_by_test_id("status")).to_have_text("居家隔离")
        active = page.get_by_test_id("active-quarantine")
        expect(active).to_contain_text("还剩 14 天")
        with page.expect_download() as download:
            active.get_by_test_id("print-notice").click()
        assert download.value.suggested_filename.endswith(".pdf")
        active.get_by_test_id("change-end").click()
        end = active.locator("input[name=new_end]")
        later = datetime.fromisoformat(end.input_value()) + timedelta(days=7)
        end.fill(later.date().isoformat())
        expect(active).to_contain_text("延长 7 天")
        active.locator("select[name=change_reason_code]").select_option("new_exposure")
        active.locator("input[name=change_reason_text]").fill("同住人员核酸阳性")
        active.get_by_test_id("confirm-change").click()
        expect(page.get_by_test_id("quarantine-done")).to_contain_text("已延长")
        expect(page.get_by_test_id("active-quarantine")).to_contain_text("还剩 21 天")
        shot(page, "office-quarantine-active")

        page.get_by_test_id("to-file").click()  # the household file shows it
        expect(page.get_by_test_id("status")).to_have_text("居家隔离")
        expect(page.get_by_test_id("quarantine")).to_contain_text("全户")
        page.get_by_test_id("quarantine").scroll_into_view_if_needed()
        shot(page, "office-household-file-quarantined")

        page.get_by_test_id("manage-quarantine").click()
        active = page.get_by_test_id("active-quarantine")
        active.get_by_test_id("release").click()
        active.locator("select[name=release_reason_code]").select_option("negative_results")
        active.locator("input[name=release_reason_text]").fill("期满解除")
        active.get_by_test_id("confirm-release").click()
        expect(page.get_by_test_id("quarantine-done")).to_contain_text("已解除隔离")
        expect(page.get_by_test_id("active-quarantine")).to_have_count(0)
        expect(page.get_by_test_id("status")).to_have_text("正常")
        shot(page, "office-quarantine-released")
        quarantines = ok(pwa.api("GET", "/quarantines", params={"household_id": household_id}))
        [q] = quarantines["items"]
        assert q["status"] == "released"
        assert (q["release_note"], q["release_reason_code"]) == ("期满解除", "negative_results")
        assert (q["reason_code"], q["reason"]) == ("close_contact", "与确诊者同乘电梯")
        detail = ok(pwa.api("GET", f"/quarantines/{q['id']}"))
        assert [c["reason"] for c in detail["changes"]] == ["同住人员核酸阳性"]
