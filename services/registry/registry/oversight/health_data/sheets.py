"""The sheets of the health-data export: one per kind of health or whereabouts record, each a
query over one community and the way a row is shown (addresses, gate names, times in the
community's time zone; phones masked unless revealed)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.models import Gate, GateLog, GateVisitor
from registry.health.follow_ups.models import FollowUp
from registry.health.quarantines.models import Quarantine, QuarantineChange
from registry.health.referrals.models import Referral
from registry.health.returnees.models import Returnee
from registry.health.sampling.models import SampleRegistration, SampleTube
from registry.health.screenings.models import Screening, ScreeningRound
from registry.health.testing_rounds.models import TestingRound
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from registry.residents.households.places import address
from registry.residents.people.models import Person
from shouhu_common.pii import PersonalDataCipher, mask_phone

YES_NO = {True: "是", False: "否", None: ""}
AnySelect = Select[*tuple[Any, ...]]


@dataclass
class Context:
    zone: ZoneInfo
    cipher: PersonalDataCipher
    reveal: bool
    addresses: dict[uuid.UUID, str]
    gates: dict[uuid.UUID, str]

    def at(self, value: datetime | None) -> str:
        return value.astimezone(self.zone).strftime("%Y-%m-%d %H:%M:%S") if value else ""

    def address(self, household_id: uuid.UUID | None) -> str:
        return self.addresses.get(household_id, "") if household_id else ""

    def phone(self, blob: bytes | None) -> str:
        if blob is None:
            return ""
        value = self.cipher.decrypt(blob)
        return value if self.reveal else mask_phone(value)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[str, ...]
    query: Callable[[uuid.UUID], AnySelect]
    row: Callable[[Any, Context], Sequence[object]]


def _screenings(c: uuid.UUID) -> AnySelect:
    return (
        select(Screening, ScreeningRound.number)
        .join(ScreeningRound, ScreeningRound.id == Screening.round_id)
        .where(Screening.community_id == c)
        .order_by(Screening.screened_at, Screening.id)
    )


def _returnees(c: uuid.UUID) -> AnySelect:
    return (
        select(Returnee)
        .where(Returnee.community_id == c)
        .order_by(Returnee.created_at, Returnee.id)
    )


def _quarantines(c: uuid.UUID) -> AnySelect:
    return (
        select(Quarantine, Person.name)
        .outerjoin(Person, Person.id == Quarantine.person_id)
        .where(Quarantine.community_id == c)
        .order_by(Quarantine.created_at, Quarantine.id)
    )


def _changes(c: uuid.UUID) -> AnySelect:
    return (
        select(QuarantineChange, Quarantine.household_id)
        .join(Quarantine, Quarantine.id == QuarantineChange.quarantine_id)
        .where(Quarantine.community_id == c)
        .order_by(QuarantineChange.changed_at, QuarantineChange.id)
    )


def _follow_ups(c: uuid.UUID) -> AnySelect:
    return (
        select(FollowUp, Person.name, Person.household_id)
        .join(Person, Person.id == FollowUp.person_id)
        .where(FollowUp.community_id == c)
        .order_by(FollowUp.checked_at, FollowUp.id)
    )


def _referrals(c: uuid.UUID) -> AnySelect:
    return (
        select(Referral, Person.name)
        .outerjoin(Person, Person.id == Referral.person_id)
        .where(Referral.community_id == c)
        .order_by(Referral.opened_at, Referral.id)
    )


def _gate_logs(c: uuid.UUID) -> AnySelect:
    return (
        select(GateLog).where(GateLog.community_id == c).order_by(GateLog.occurred_at, GateLog.id)
    )


def _visitors(c: uuid.UUID) -> AnySelect:
    return (
        select(GateVisitor)
        .where(GateVisitor.community_id == c)
        .order_by(GateVisitor.registered_at, GateVisitor.id)
    )


def _samples(c: uuid.UUID) -> AnySelect:
    return (
        select(SampleRegistration, TestingRound.name, Person.name, SampleTube)
        .join(TestingRound, TestingRound.id == SampleRegistration.round_id)
        .join(SampleTube, SampleTube.id == SampleRegistration.tube_id)
        .join(Person, Person.id == SampleRegistration.person_id)
        .where(SampleRegistration.community_id == c)
        .order_by(SampleRegistration.sampled_at, SampleRegistration.id)
    )


def _cols(names: str) -> tuple[str, ...]:
    return tuple(names.split())


def _screening_row(r: Any, x: Context) -> list[object]:
    s = r[0]
    return (
        [r[1], x.address(s.household_id), s.method, s.outcome]
        + [
            YES_NO[s.outbreak_travel],
            YES_NO[s.case_contact],
            YES_NO[s.symptoms],
            s.risk_level or "",
        ]
        + [s.note, s.screened_by, x.at(s.screened_at)]
    )


def _returnee_row(r: Any, x: Context) -> list[object]:
    s = r[0]
    return (
        [s.name, x.phone(s.phone_enc), x.address(s.household_id), s.from_city]
        + [s.transport, s.transport_number, _day(s.arrival_date), _day(s.watch_until)]
        + [s.note, s.created_by, x.at(s.created_at)]
    )


def _quarantine_row(r: Any, x: Context) -> list[object]:
    q = r[0]
    return (
        [x.address(q.household_id), r[1] or "全户", q.kind, q.place]
        + [_day(q.start_date), _day(q.planned_end_date), q.status, x.at(q.released_at)]
        + [q.release_note, q.created_by, x.at(q.created_at)]
    )


def _change_row(r: Any, x: Context) -> list[object]:
    c = r[0]
    return [x.address(r[1]), _day(c.previous_end_date), _day(c.planned_end_date)] + [
        c.reason,
        c.changed_by,
        x.at(c.changed_at),
    ]


def _follow_up_row(r: Any, x: Context) -> list[object]:
    f = r[0]
    return [x.address(r[2]), r[1], _day(f.local_date), f.period, f.temperature] + [
        f.symptoms,
        f.recorded_by,
        x.at(f.checked_at),
    ]


def _referral_row(r: Any, x: Context) -> list[object]:
    f = r[0]
    return [x.address(f.household_id), r[1] or "", f.source, f.temperature, f.status] + [
        x.at(f.opened_at),
        x.at(f.closed_at),
        f.outcome or "",
        f.note,
        f.closed_by or "",
    ]


def _gate_log_row(r: Any, x: Context) -> list[object]:
    g = r[0]
    temperature = g.temperature if g.temperature is not None else ""
    return (
        [x.gates.get(g.gate_id, ""), x.address(g.household_id), g.direction, temperature]
        + [YES_NO[g.mask], g.verdict, g.reason or "", YES_NO[g.fever], YES_NO[g.offline]]
        + [g.server_reason or "", g.logged_by, x.at(g.occurred_at), x.at(g.received_at)]
    )


def _visitor_row(r: Any, x: Context) -> list[object]:
    v = r[0]
    return (
        [x.gates.get(v.gate_id, ""), v.kind, v.name, x.phone(v.phone_enc), v.purpose]
        + [v.visiting, x.address(v.household_id), v.from_city, v.transport, _day(v.arrival_date)]
        + [v.temperature, YES_NO[v.fever], v.logged_by, x.at(v.registered_at)]
    )


def _sample_row(r: Any, x: Context) -> list[object]:
    s, tube = r[0], r[3]
    return (
        [r[1], x.address(s.household_id), r[2], tube.barcode, YES_NO[tube.retest]]
        + [YES_NO[s.home], YES_NO[s.duplicate], x.at(s.sampled_at), tube.result or ""]
        + [x.at(tube.result_at), s.recorded_by]
    )


SHEETS = (
    Sheet(
        "排查",
        _cols("轮次 住址 方式 结果 去过疫区 接触病例 症状 风险等级 备注 排查人 排查时间"),
        _screenings,
        _screening_row,
    ),
    Sheet(
        "返回人员",
        _cols("姓名 手机号 住址 出发城市 交通方式 车次航班 到达日期 观察截止 备注 登记人 登记时间"),
        _returnees,
        _returnee_row,
    ),
    Sheet(
        "隔离",
        _cols("住址 对象 方式 地点 开始 计划结束 状态 解除时间 解除说明 登记人 登记时间"),
        _quarantines,
        _quarantine_row,
    ),
    Sheet(
        "隔离调整",
        _cols("住址 原计划结束 新计划结束 原因 调整人 调整时间"),
        _changes,
        _change_row,
    ),
    Sheet(
        "随访", _cols("住址 姓名 日期 时段 体温 症状 随访人 随访时间"), _follow_ups, _follow_up_row
    ),
    Sheet(
        "转诊",
        _cols("住址 姓名 来源 体温 状态 转诊时间 关闭时间 结果 备注 关闭人"),
        _referrals,
        _referral_row,
    ),
    Sheet(
        "出入登记",
        _cols("卡口 住址 方向 体温 口罩 结果 原因 发热 离线 服务器复核 登记人 发生时间 接收时间"),
        _gate_logs,
        _gate_log_row,
    ),
    Sheet(
        "访客",
        _cols(
            "卡口 类型 姓名 手机号 事由 拜访 住址 出发城市 交通 到达日期 体温 发热 登记人 登记时间"
        ),
        _visitors,
        _visitor_row,
    ),
    Sheet(
        "核酸采样",
        _cols("轮次 住址 姓名 管码 复核管 上门 重复 采样时间 结果 结果时间 登记人"),
        _samples,
        _sample_row,
    ),
)


async def context(
    session: AsyncSession,
    community_id: uuid.UUID,
    zone: ZoneInfo,
    cipher: PersonalDataCipher,
    reveal: bool,
) -> Context:
    places = (
        select(Household.id, Compound.name, Building.name, Household.unit, Household.room)
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
        .where(Household.community_id == community_id)
    )
    addresses = {
        h: address(compound, building, unit, room)
        for h, compound, building, unit, room in (await session.execute(places)).all()
    }
    gates = select(Gate.id, Gate.name).where(Gate.community_id == community_id)
    names = {row.id: row.name for row in (await session.execute(gates)).all()}
    return Context(zone, cipher, reveal, addresses, names)
