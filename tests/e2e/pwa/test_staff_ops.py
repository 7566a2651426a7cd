"""Community operations in the PWA on a 390×800 phone: the staff dashboard (figures that open
their lists, the hourly chart), a volunteer's own shift with check-in and check-out, tasks,
disinfection records, notices (publish, copy the group-chat text, poster), the daily report with
its XLSX, and the office screens (import check, pass printing, roster)."""

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
from tests.e2e.pwa.conftest import PASSWORD, VOLUNTEER_PASSWORD, Pwa
from tests.e2e.pwa.test_staff import ok, open_tile, sign_in_as

Shot = Callable[[Page, str], Path]
REPO = Path(__file__).resolve().parents[3]
CREW = "pwa.crew"  # a volunteer made here, on the roster, with a shift running now


def crew_shift(pwa: Pwa) -> dict[str, Any]:
    admin = {"Authorization": "Bearer " + _token(pwa, "admin")}
    community = ok(pwa.api("GET", "/auth/me"))["community_ids"][0]
    user = {
        "username": CREW,
        "password": PASSWORD,
        "display_name": "志愿者 丙",
        "role": "gate_volunteer",
        "community_ids": [community],
    }
    made = httpx.post(f"{pwa.url}/api/v1/auth/users", json=user, headers=admin, timeout=10)
    assert made.status_code in (201, 409), made.text
    workers = ok(pwa.api("GET", "/workers", params={"q": "志愿者丙"}))["items"]
    if workers:
        worker = workers[0]
    else:
        body = {
            "name": "志愿者丙",
            "kind": "volunteer",
            "category": "resident_volunteer",
            "age": 35,
            "account_username": CREW,
        }
        worker = ok(pwa.api("POST", "/workers", json=body))
    now = datetime.now(UTC).replace(microsecond=0)
    body = {
        "gate_id": pwa.gate_id,
        "starts_at": (now - timedelta(hours=1)).isoformat(),
        "ends_at": (now + timedelta(hours=2)).isoformat(),
        "worker_ids": [worker["id"]],
    }
    return dict(ok(pwa.api("POST", "/shifts", json=body)))


def _token(pwa: Pwa, username: str, password: str = PASSWORD) -> str:
    response = httpx.post(
        f"{pwa.url}/api/v1/auth/token",
        data={"username": username, "password": password},
        timeout=10,
    )
    return str(ok(response)["access_token"])


def some_passages(pwa: Pwa) -> None:
    """Two passages at the test gate, so today's chart has bars (a household the gate and
    household tests leave alone)."""
    household = str(demo_household_id(300))
    params = {"household_id": household, "status": "active"}
    token = ok(pwa.api("GET", "/passes", params=params))["items"][0]["token"]
    volunteer = {"Authorization": "Bearer " + _token(pwa, "pwa.gate", VOLUNTEER_PASSWORD)}
    for direction in ("out", "in"):
        body = {
            "client_id": str(uuid.uuid4()),
            "gate_id": pwa.gate_id,
            "token": token,
            "direction": direction,
            "temperature": 36.4,
            "mask": True,
        }
        ok(httpx.post(f"{pwa.url}/api/v1/gate/logs", json=body, headers=volunteer, timeout=10))


class TestDashboard:
    def test_figures_open_their_lists(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        some_passages(pwa)
        sign_in_as(page, "staff")
        expect(page).to_have_url(re.compile(r"/staff/dashboard$"))  # staff start here
        expect(page.get_by_test_id("figure-unscreened_households")).to_be_visible()
        expect(page.get_by_test_id("figure-follow_ups_due")).to_be_visible()
        passages = page.get_by_test_id("figure-gate_passages_out").locator("strong")
        for _ in range(10):  # a snapshot serves the dashboard for up to 5 s
            if passages.inner_text() not in ("0", "—"):
                break
            page.wait_for_timeout(1000)
            page.get_by_role("button", name="刷新").click()
        expect(passages).not_to_have_text("0")
        shot(page, "staff-dashboard")
        page.get_by_test_id("chart").scroll_into_view_if_needed()
        shot(page, "staff-dashboard-chart")
        page.get_by_test_id("figure-people_home_quarantine").click()
        expect(page).to_have_url(re.compile(r"/staff/list\?api="))
        expect(page.get_by_test_id("list-item").first).to_contain_text("居家隔离")
        shot(page, "staff-dashboard-list")
        page.get_by_role("button", name="返回").click()
        page.get_by_test_id("figure-follow_ups_due").click()
        expect(page).to_have_url(re.compile(r"/staff/follow-ups"))
        expect(page.get_by_test_id("due")).to_be_visible()

    def test_in_english(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_as(page, "staff")
        page.get_by_test_id("lang").click()
        expect(page.get_by_test_id("open-work")).to_contain_text("Open fever referrals")
        shot(page, "staff-dashboard-en")


class TestShifts:
    def test_a_volunteer_checks_in_and_out(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        shift = crew_shift(pwa)
        sign_in_as(page, CREW)
        open_tile(page, "我的班次")
        card = page.get_by_test_id("shift").filter(has_text=pwa.gate_name)
        expect(card).to_contain_text("进行中")
        shot(page, "staff-my-shifts")
        card.get_by_test_id("check-in").click()
        expect(card).to_contain_text("已签到")
        card.get_by_test_id("check-out").click()
        expect(card).to_contain_text("已签退")
        shot(page, "staff-my-shifts-done")
        on_shift = ok(pwa.api("GET", f"/shifts/{shift['id']}"))["workers"][0]
        assert on_shift["checked_in_at"]
        assert on_shift["checked_out_at"]


class TestTasksAndDisinfection:
    def test_a_grid_worker_starts_and_finishes_a_task(
        self, pwa: Pwa, page: Page, shot: Shot
    ) -> None:
        sign_in_as(page, "grid1")
        open_tile(page, "任务")
        tasks = page.get_by_test_id("task")
        expect(tasks.first).to_be_visible()
        count = tasks.count()
        shot(page, "staff-tasks")
        first = tasks.first
        title = first.locator("strong").inner_text()
        if first.get_by_test_id("task-start").count():
            first.get_by_test_id("task-start").click()
        page.get_by_test_id("task").filter(has_text=title).get_by_test_id("task-done").click()
        expect(page.get_by_test_id("task")).to_have_count(count - 1)

    def test_a_disinfection_is_recorded(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        before = ok(pwa.api("GET", "/disinfections", params={"limit": 1}))["total"]
        sign_in_as(page, "grid1")
        open_tile(page, "消毒登记")
        expect(page.get_by_test_id("occurrence").first).to_be_visible()
        shot(page, "staff-disinfection-schedule")
        page.locator("[data-kind=lift]").click()
        page.locator("select[name=building]").select_option(label="东苑 2栋")
        page.locator("input[name=place]").fill("2单元")
        page.locator("input[name=concentration]").fill("1：100")
        page.get_by_test_id("record-disinfection").click()
        expect(page.get_by_test_id("disinfection-saved")).to_contain_text("东苑 2栋 电梯 2单元")
        shot(page, "staff-disinfection-saved")
        records = ok(pwa.api("GET", "/disinfections", params={"limit": 1}))
        assert records["total"] == before + 1
        assert records["items"][0]["concentration"] == "1:100"

    def test_a_disinfection_task_is_done_by_its_record(
        self, pwa: Pwa, page: Page, shot: Shot
    ) -> None:
        workers = ok(pwa.api("GET", "/workers", params={"limit": 200}))["items"]
        grid1 = next(w for w in workers if w["account_username"] == "grid1")
        title = f"东苑2栋电梯加消 {uuid.uuid4().hex[:4]}"
        body = {"kind": "disinfection", "title": title, "assignee_worker_id": grid1["id"]}
        task = ok(pwa.api("POST", "/tasks", json=body))
        sign_in_as(page, "grid1")
        open_tile(page, "任务")
        page.get_by_test_id("task").filter(has_text=title).get_by_test_id("task-record").click()
        expect(page.get_by_test_id("disinfection-task")).to_contain_text(title)
        page.locator("[data-kind=lift]").click()
        page.locator("select[name=building]").select_option(label="东苑 2栋")
        shot(page, "staff-disinfection-for-task")
        page.get_by_test_id("record-disinfection").click()
        expect(page.get_by_test_id("disinfection-saved")).to_contain_text("任务已完成")
        expect(page.get_by_test_id("disinfection-task")).to_have_count(0)
        done = ok(pwa.api("GET", f"/tasks/{task['id']}"))
        assert done["status"] == "done"
        records = ok(pwa.api("GET", "/disinfections", params={"limit": 1}))["items"]
        assert records[0]["task_id"] == task["id"]


class TestNotices:
    def test_staff_publish_copy_and_print(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_as(page, "staff")
        open_tile(page, "通知")
        page.get_by_text("发布通知").click()
        page.locator("input[name=title]").fill("关于周末核酸检测的通知")
        page.locator("textarea[name=body]").fill(
            "本周六 8:00 起在东苑广场做核酸检测，请按楼栋错峰。"
        )
        page.locator("input[name=pinned]").check()
        shot(page, "staff-notice-form")
        page.get_by_test_id("publish").click()
        notice = page.get_by_test_id("notice").filter(has_text="关于周末核酸检测的通知")
        expect(notice).to_contain_text("展示中")
        notice.get_by_test_id("copy-share").click()
        expect(notice).to_contain_text("已复制")
        with page.expect_download() as download:
            notice.get_by_role("button", name="打印海报（PDF）").click()
        assert download.value.suggested_filename.endswith(".pdf")
        notice.scroll_into_view_if_needed()
        shot(page, "staff-notices")


class TestDispatchLog:
    def test_a_meeting_makes_its_tasks(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_as(page, "staff")
        open_tile(page, "调度会")
        page.get_by_text("记录调度会").click()
        page.locator("input[name=chair]").fill("书记 刘红")
        page.locator("input[name=attendees]").fill("刘红、李敏、王强")
        page.locator("textarea[name=decisions]").fill("东苑3栋电梯加一次消毒\n西苑独居老人每日电话")
        row = page.get_by_test_id("action-row").first
        row.locator("input[name=action-title]").fill("东苑3栋电梯午间加消一次")
        row.locator("select[name=action-worker]").select_option(label="王强")
        shot(page, "staff-dispatch-form")
        page.get_by_test_id("record-meeting").click()
        meeting = page.get_by_test_id("meeting").filter(has_text="东苑3栋电梯午间加消一次")
        expect(meeting).to_contain_text("主持：书记 刘红")
        expect(meeting).to_contain_text("王强")
        meeting.scroll_into_view_if_needed()
        shot(page, "staff-dispatch-log")
        tasks = ok(pwa.api("GET", "/tasks", params={"limit": 200}))["items"]
        made = [t for t in tasks if t["title"] == "东苑3栋电梯午间加消一次"]
        assert len(made) == 1
        assert made[0]["meeting_id"]
        assert made[0]["assignee_name"] == "王强"


class TestReportAndOffice:
    def test_daily_report_and_its_xlsx(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_as(page, "officer")
        expect(page).to_have_url(re.compile(r"/staff/report$"))  # officers start here
        community = page.get_by_test_id("report-community").first
        expect(community).to_contain_text("枫林社区")
        expect(community.locator("[data-key=households] dd")).to_have_text(re.compile(r"^\d+$"))
        shot(page, "staff-daily-report")
        with page.expect_download() as download:
            page.get_by_test_id("download-report").click()
        assert download.value.suggested_filename.endswith(".xlsx")
        saved = download.value.path()
        assert saved is not None
        assert Path(saved).read_bytes()[:2] == b"PK"
        expect(page.get_by_test_id("downloaded")).to_contain_text(".xlsx")

    def test_import_check_pass_printing_and_roster(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        sign_in_as(page, "staff")
        open_tile(page, "导入居民表")
        page.locator("input[type=file]").set_input_files(REPO / "tests/fixtures/people_sample.csv")
        page.get_by_test_id("import-check").click()
        expect(page.get_by_test_id("import-report")).to_contain_text("检查结果（未写入）")
        shot(page, "staff-import")
        misspelt = REPO / "test-output" / "misspelt-building.csv"
        misspelt.write_text(
            "小区,楼栋,单元,房号,姓名,身份证号,与户主关系,,备注\n"
            "东苑,l栋,1,101,错楼,370602194803120119,户主,多出,\n",
            encoding="utf-8-sig",
        )
        page.locator("input[type=file]").set_input_files(misspelt)
        page.get_by_test_id("import-check").click()
        expect(page.get_by_test_id("import-new-buildings")).to_contain_text("东苑 l栋")
        expect(page.get_by_test_id("import-ignored-columns")).to_contain_text("第 H 列没有表头")
        shot(page, "staff-import-new-building")
        page.get_by_test_id("import-create-buildings").uncheck()
        page.get_by_test_id("import-check").click()
        expect(page.get_by_test_id("import-report")).to_contain_text("“l栋”不在本社区")
        open_tile(page, "打印出入证")
        page.locator("select[name=building]").select_option(label="东苑 1栋")
        with page.expect_download() as download:
            page.get_by_test_id("print-passes").click()
        assert download.value.suggested_filename.endswith(".pdf")
        shot(page, "staff-pass-printing")
        open_tile(page, "值守名册")
        expect(page.get_by_test_id("worker").first).to_be_visible()
        expect(page.get_by_test_id("gaps")).to_be_visible()
        assert re.search(r"1\d{10}", page.get_by_test_id("worker").first.inner_text()) is None
        shot(page, "staff-roster")
