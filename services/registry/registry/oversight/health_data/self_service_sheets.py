"""The residents' self-service sheets of the health-data export (self-reports, visitors'
self-registrations): purged with the health data, so the final export keeps them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from registry.access.gates.models import Gate
from registry.access.visitor_registrations.models import VisitorRegistration
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


def _registrations(c: uuid.UUID) -> AnySelect:
    return (
        select(VisitorRegistration, Gate.name)
        .join(Gate, Gate.id == VisitorRegistration.gate_id)
        .where(VisitorRegistration.community_id == c)
        .order_by(VisitorRegistration.submitted_at, VisitorRegistration.id)
    )


def _registration_row(r: Any, x: Context) -> list[object]:
    v = r[0]
    return [r[1], v.name, x.phone(v.phone_enc), v.purpose, v.visiting, v.status] + [
        x.at(v.submitted_at),
        x.at(v.confirmed_at),
    ]


SELF_SERVICE_SHEETS = (
    Sheet(
        "自主上报",
        tuple("住址 姓名 日期 时段 体温 症状 抗原结果 抗原批号 隔离中 上报人 上报时间".split()),
        _self_reports,
        _self_report_row,
    ),
    Sheet(
        "访客自助登记",
        tuple("卡口 姓名 手机号 事由 拜访 状态 登记时间 确认时间".split()),
        _registrations,
        _registration_row,
    ),
)
