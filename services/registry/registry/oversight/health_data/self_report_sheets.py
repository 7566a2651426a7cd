"""The self-reports' sheet of the health-data export: purged with the health data, so the final
export keeps them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from registry.health.self_reports.models import SelfReport
from registry.oversight.health_data.sheets import AnySelect, Context, Sheet
from registry.residents.people.models import Person


def _self_reports(c: uuid.UUID) -> AnySelect:
    return (
        select(SelfReport, Person.name)
        .join(Person, Person.id == SelfReport.person_id)
        .where(SelfReport.community_id == c)
        .order_by(SelfReport.reported_at, SelfReport.id)
    )


def _self_report_row(r: Any, x: Context) -> list[object]:
    s = r[0]
    return [x.address(s.household_id), r[1], s.local_date.isoformat(), s.period] + [
        s.temperature if s.temperature is not None else "",
        s.symptoms,
        s.antigen_result or "",
        s.antigen_lot,
        "是" if s.quarantine_id else "否",
        s.reported_by,
        x.at(s.reported_at),
    ]


SELF_REPORT_SHEETS = (
    Sheet(
        "自主上报",
        tuple("住址 姓名 日期 时段 体温 症状 抗原结果 抗原批号 隔离中 上报人 上报时间".split()),
        _self_reports,
        _self_report_row,
    ),
)
