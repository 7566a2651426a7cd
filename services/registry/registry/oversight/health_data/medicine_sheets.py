"""Medicine on behalf in the end-of-emergency purge: its requests, runs and custody log are
purged with the health data, so the final export keeps them, and the purge waits until every
card and record book is back with its owner (a purged log could no longer say who holds one)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from registry.operations.medicine.models import (
    CustodyHandover,
    CustodyItem,
    MedicineRequest,
    MedicineRun,
)
from registry.operations.workers.models import Worker
from registry.oversight.health_data.sheets import AnySelect, Context, Sheet
from registry.residents.people.models import Person

ITEM_NAMES = {CustodyItem.insurance_card: "医保卡", CustodyItem.record_book: "病历本"}


def _requests(c: uuid.UUID) -> AnySelect:
    return (
        select(MedicineRequest, Person.name, MedicineRun.hospital, MedicineRun.run_date)
        .join(Person, Person.id == MedicineRequest.person_id)
        .outerjoin(MedicineRun, MedicineRun.id == MedicineRequest.run_id)
        .where(MedicineRequest.community_id == c)
        .order_by(MedicineRequest.created_at, MedicineRequest.id)
    )


def _handovers(c: uuid.UUID) -> AnySelect:
    giver, receiver = aliased(Worker), aliased(Worker)
    return (
        select(CustodyHandover, Person.name, giver.name, receiver.name)
        .join(Person, Person.id == CustodyHandover.person_id)
        .outerjoin(giver, giver.id == CustodyHandover.from_worker_id)
        .outerjoin(receiver, receiver.id == CustodyHandover.to_worker_id)
        .where(CustodyHandover.community_id == c)
        .order_by(CustodyHandover.person_id, CustodyHandover.item, CustodyHandover.seq)
    )


def _request_row(r: Any, x: Context) -> list[object]:
    m = r[0]
    return [x.address(m.household_id), r[1], m.medicine_name, m.dose, m.quantity, m.kind] + [
        m.hospital,
        m.status,
        r[2] or "",
        r[3].isoformat() if r[3] else "",
        m.amount_paid_fen if m.amount_paid_fen is not None else "",
        m.receipt_number,
        m.repayment,
        m.requested_by,
        x.at(m.created_at),
    ]


def _handover_row(r: Any, x: Context) -> list[object]:
    h = r[0]
    return [x.address(h.household_id), r[1], ITEM_NAMES[h.item], h.seq] + [
        r[2] or "本人",
        r[3] or "本人",
        x.at(h.handed_at),
        h.recorded_by,
        x.at(h.confirmed_at),
        h.confirmed_by or "",
    ]


MEDICINE_SHEETS = (
    Sheet(
        "代配药申请",
        tuple(
            "住址 姓名 药品 用量 数量 类别 医院 状态 批次医院 批次日期 垫付(分) 收据号 还款 "
            "申请人 申请时间".split()
        ),
        _requests,
        _request_row,
    ),
    Sheet(
        "保管记录",
        tuple("住址 姓名 物品 序号 交出 接收 交接时间 登记人 确认时间 确认人".split()),
        _handovers,
        _handover_row,
    ),
)


def latest_writes(community_id: uuid.UUID) -> list[Select[Any]]:
    return [
        select(func.max(MedicineRequest.updated_at)).where(
            MedicineRequest.community_id == community_id
        ),
        select(func.max(CustodyHandover.handed_at)).where(
            CustodyHandover.community_id == community_id
        ),
        select(func.max(CustodyHandover.confirmed_at)).where(
            CustodyHandover.community_id == community_id
        ),
    ]


def deletes(community_id: uuid.UUID) -> list[tuple[str, Any]]:
    """Children before parents: the log and the requests name the runs."""
    return [
        (t.__tablename__, delete(t).where(t.community_id == community_id))
        for t in (CustodyHandover, MedicineRequest, MedicineRun)
    ]


async def items_out(session: AsyncSession, community_id: uuid.UUID) -> list[str]:
    """Each card or book not back with its owner: `张三的医保卡在李志愿处`."""
    query = (
        select(Person.name, CustodyHandover.item, Worker.name)
        .join(Person, Person.id == CustodyHandover.person_id)
        .join(Worker, Worker.id == CustodyHandover.to_worker_id)
        .where(CustodyHandover.community_id == community_id, CustodyHandover.current.is_(True))
        .order_by(Worker.name, Person.name)
    )
    rows = (await session.execute(query)).all()
    return [f"{owner}的{ITEM_NAMES[item]}在{holder}处" for owner, item, holder in rows]
