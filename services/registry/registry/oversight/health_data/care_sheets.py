"""The care list's sheets of the health-data export: it is purged with the health data, so the
final export keeps it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from registry.operations.care_list.models import CareCheckIn, CareEntry
from registry.oversight.health_data.sheets import AnySelect, Context, Sheet
from registry.residents.people.models import Person


def _entries(c: uuid.UUID) -> AnySelect:
    return (
        select(CareEntry, Person.name)
        .join(Person, Person.id == CareEntry.person_id)
        .where(CareEntry.community_id == c)
        .order_by(CareEntry.created_at, CareEntry.id)
    )


def _check_ins(c: uuid.UUID) -> AnySelect:
    return (
        select(CareCheckIn, Person.name, CareEntry.household_id)
        .join(CareEntry, CareEntry.id == CareCheckIn.entry_id)
        .join(Person, Person.id == CareEntry.person_id)
        .where(CareCheckIn.community_id == c)
        .order_by(CareCheckIn.checked_at, CareCheckIn.id)
    )


def _entry_row(r: Any, x: Context) -> list[object]:
    e = r[0]
    return [x.address(e.household_id), r[1], e.categories, e.reason, e.cadence_days, e.way] + [
        e.needs,
        "是" if e.active else "否",
        x.at(e.escalated_at),
        e.created_by,
        x.at(e.created_at),
    ]


def _check_in_row(r: Any, x: Context) -> list[object]:
    c = r[0]
    return [x.address(r[2]), r[1], c.way, c.outcome, c.note, "是" if c.escalated else "否"] + [
        c.recorded_by,
        x.at(c.checked_at),
    ]


CARE_SHEETS = (
    Sheet(
        "关爱名单",
        tuple("住址 姓名 类别 原因 间隔天数 方式 需求 在册 升级时间 登记人 登记时间".split()),
        _entries,
        _entry_row,
    ),
    Sheet(
        "关爱回访",
        tuple("住址 姓名 方式 结果 备注 已升级 回访人 回访时间".split()),
        _check_ins,
        _check_in_row,
    ),
)
