"""The daily report as the sub-district's spreadsheet: a title with the day, one row per community
under Chinese column headers, then a totals row (合计). Stock columns follow the items given out
that day; then tasks done and the reasons for turning people back."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from operator import attrgetter
from typing import Any

import xlsxwriter

from gateway.reports.schemas import DailyReport, ReportFigures

DENIAL_REASONS_ZH = {
    "forged": "无效二维码",
    "wrong_community": "非本社区",
    "not_found": "查无此证",
    "revoked": "已作废",
    "suspended": "已暂停",
    "expired": "已过期",
    "not_yet_valid": "未生效",
    "quarantined": "隔离中",
    "fever": "体温异常",
    "no_mask": "未戴口罩",
    "curfew": "宵禁时段",
    "quota_used": "外出次数已用完",
}
COLUMNS: list[tuple[str, str]] = [
    ("户数", "households"),
    ("排查户数", "households_screened"),
    ("其中高风险户", "high_risk_households"),
    ("新增返回人员", "returnees_registered"),
    ("卡口来访登记", "visitors_registered"),
    ("居家隔离人数", "people_home_quarantine"),
    ("隔离户数", "households_in_quarantine"),
    ("集中隔离人数", "people_centralized_quarantine"),
    ("新增隔离", "quarantines_started"),
    ("解除隔离", "quarantines_released"),
    ("新增发热转诊", "referrals_opened"),
    ("转诊未结", "referrals_open"),
    ("出门人次", "gate_passages_out"),
    ("进门人次", "gate_passages_in"),
    ("劝返人数", "gate_denied_people"),
    ("劝返人次", "gate_denied"),
    ("卡口体温异常", "gate_fevers"),
    ("新增订单", "orders_placed"),
    ("送达订单", "orders_delivered"),
    ("其中送至取货点", "orders_delivered_gate"),
    ("其中送到家门口", "orders_delivered_door"),
    ("当日批次未送达", "orders_undelivered"),
    ("物资发放户数", "households_reached"),
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reasons(figures: ReportFigures) -> str:
    return "；".join(
        f"{DENIAL_REASONS_ZH.get(reason, reason)} {n}"
        for reason, n in sorted(figures.gate_denied_by_reason.items())
    )


def _stock(figures: ReportFigures) -> dict[tuple[str, str], int]:
    return {(s.name, s.unit): s.quantity for s in figures.stock_distributed}


def _given(key: tuple[str, str], figures: ReportFigures) -> int:
    return _stock(figures).get(key, 0)


def _title(report: DailyReport) -> str:
    subdistricts = {c.subdistrict for c in report.communities if c.subdistrict}
    place = subdistricts.pop() if len(subdistricts) == 1 else "街道"
    return f"{place}疫情防控工作日报（{report.date:%Y年%m月%d日}）"


def daily_workbook(report: DailyReport) -> bytes:
    items = sorted({key for c in report.communities for key in _stock(c)})
    cells: list[tuple[str, Callable[[ReportFigures], Any]]] = [
        (header, attrgetter(name)) for header, name in COLUMNS
    ]
    cells += [(f"发放{name}（{unit}）", partial(_given, (name, unit))) for name, unit in items]
    cells.append(("完成任务", attrgetter("tasks_done")))
    cells.append(("关爱应访", attrgetter("care_due")))
    cells.append(("关爱已访", attrgetter("care_checked")))
    cells.append(("关爱升级", attrgetter("care_escalated")))
    cells.append(("核酸应采", attrgetter("testing_expected")))
    cells.append(("核酸已采", attrgetter("testing_sampled")))
    cells.append(("核酸未采", attrgetter("testing_missing")))
    cells.append(("混管阳性", attrgetter("testing_positive_tubes")))
    cells.append(("劝返原因", _reasons))
    headers = ["序号", "社区", *(h for h, _ in cells)]

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("日报")
    title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
    head = book.add_format({"bold": True, "text_wrap": True, "align": "center", "border": 1})
    cell = book.add_format({"border": 1})
    total = book.add_format({"bold": True, "border": 1})
    sheet.merge_range(0, 0, 0, len(headers) - 1, _title(report), title)
    sheet.write_string(1, 0, f"生成时间：{report.generated_at:%Y-%m-%d %H:%M} UTC")
    sheet.write_row(2, 0, headers, head)
    sheet.set_row(2, 36)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, len(headers) - 2, 9)
    sheet.set_column(len(headers) - 1, len(headers) - 1, 28)
    row = 3
    for n, community in enumerate(report.communities, start=1):
        sheet.write_number(row, 0, n, cell)
        sheet.write_string(row, 1, community.community_name, cell)
        sheet.write_row(row, 2, [value(community) for _, value in cells], cell)
        row += 1
    sheet.write_string(row, 0, "", total)
    sheet.write_string(row, 1, "合计", total)
    sheet.write_row(row, 2, [value(report.totals) for _, value in cells], total)
    sheet.freeze_panes(3, 2)
    book.close()
    return buffer.getvalue()
