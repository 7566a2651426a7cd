"""A sub-district of three communities with a day's worth of records around yesterday (Shanghai),
each placed so that every figure of the daily report has one exact expected value, and records
just outside the day (23:59:59 before, 00:00 after) that must not count."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from registry.residents.people.models import Person
from tests.builders import make_community
from tests.conftest import Stack
from tests.reports.builders import (
    RegistryRecords,
    SuppliesRecords,
    add_member,
    backdate_community,
    local,
    shanghai_today,
)


@dataclass
class World:
    day: date
    a: uuid.UUID  # 东湖社区: every kind of record
    b: uuid.UUID  # 西湖社区: a few
    c: uuid.UUID  # 别的社区: not the officer's


async def heads(stack: Stack, household_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    async with stack.registry.state.sessionmaker() as session:
        rows = (
            await session.execute(
                select(Person.household_id, Person.id).where(Person.household_id.in_(household_ids))
            )
        ).all()
    by_household = dict(rows)
    return [by_household[h] for h in household_ids]


async def _registry_a(stack: Stack, community_id: uuid.UUID, hh: list[uuid.UUID], d: date) -> None:
    head = await heads(stack, hh)
    member = await add_member(stack, hh[0], community_id)
    r = RegistryRecords(stack, community_id)
    round_id = r.round(started_at=local(d - timedelta(days=3), 8))
    r.screening(round_id, hh[0], local(d, 9), "reached", "high")
    r.screening(round_id, hh[1], local(d, 10), "refused")
    r.screening(round_id, hh[1], local(d, 11), "reached", "low")
    r.screening(round_id, hh[2], local(d, 12), "not_reached")
    r.screening(round_id, hh[2], local(d - timedelta(days=1), 23, 59, 59), "reached", "low")
    r.returnee(local(d, 0))
    r.returnee(local(d, 23, 59, 59))
    r.returnee(local(d - timedelta(days=1), 23, 59, 59))
    r.visitor(local(d, 8))
    r.visitor(local(d + timedelta(days=1), 0))
    r.quarantine(hh[0], "home", d - timedelta(days=3))
    r.quarantine(hh[0], "centralized", d - timedelta(days=1), person_id=member)
    r.quarantine(hh[1], "centralized", d, person_id=head[1])
    r.quarantine(hh[2], "home", d - timedelta(days=5), released_at=local(d, 14))
    r.quarantine(
        hh[2],
        "centralized",
        d - timedelta(days=10),
        person_id=head[2],
        released_at=local(d + timedelta(days=1), 0, 30),
    )
    r.quarantine(hh[2], "home", d + timedelta(days=1))
    r.referral(hh[0], head[0], local(d, 9, 30))
    r.referral(hh[1], head[1], local(d, 10), closed_at=local(d, 16))
    r.referral(
        hh[2],
        head[2],
        local(d - timedelta(days=2), 10),
        closed_at=local(d + timedelta(days=1), 0, 30),
    )
    r.referral(
        hh[2], head[2], local(d - timedelta(days=3), 10), closed_at=local(d - timedelta(days=1), 12)
    )
    for hour in (7, 8, 9):
        r.gate_log(local(d, hour))
    r.gate_log(local(d, 0))
    r.gate_log(local(d, 10), direction="in")
    r.gate_log(local(d, 11), direction="in")
    r.gate_log(local(d, 12), verdict="deny", reason="fever", fever=True)
    card = uuid.uuid4()  # one person turned back twice: 2 scans, 1 person (the fever: no card)
    r.gate_log(local(d, 13), verdict="deny", reason="quota_used", pass_id=card)
    r.gate_log(local(d, 14), verdict="deny", reason="quota_used", pass_id=card)
    r.gate_log(local(d - timedelta(days=1), 23, 59, 59))
    r.gate_log(local(d + timedelta(days=1), 0))
    r.task(local(d, 10))
    r.task(local(d, 23, 59, 59))
    r.task(local(d + timedelta(days=1), 0))
    r.task(None)
    await r.save()


async def _supplies_a(stack: Stack, community_id: uuid.UUID, d: date) -> None:
    s = SuppliesRecords(stack, community_id)
    morning, afternoon = s.round(d, 10), s.round(d, 16)
    earlier = s.round(d - timedelta(days=1), 10)
    before = local(d - timedelta(days=1), 20)
    s.order(
        morning,
        "delivered_gate",
        created_at=before,
        timeline=(("delivered_gate", local(d, 10, 30)),),
    )
    s.order(
        morning,
        "delivered_door",
        mode="door",
        created_at=before,
        timeline=(("delivered_gate", local(d, 10, 40)), ("delivered_door", local(d, 11))),
    )
    s.order(
        morning,
        "delivered_gate",
        mode="door",
        created_at=before,
        timeline=(("delivered_gate", local(d, 10, 45)),),
    )
    s.order(morning, "placed", created_at=local(d, 9))
    s.order(morning, "cancelled", created_at=before, timeline=(("cancelled", local(d, 8)),))
    s.order(morning, "rejected", created_at=before, timeline=(("rejected", local(d, 8)),))
    s.order(afternoon, "out_for_delivery", created_at=before)
    s.order(
        afternoon,
        "delivered_door",
        mode="door",
        created_at=before,
        timeline=(("delivered_door", local(d + timedelta(days=1), 0, 10)),),
    )
    s.order(
        earlier,
        "delivered_gate",
        created_at=local(d - timedelta(days=2), 9),
        timeline=(("delivered_gate", local(d, 8)),),
    )
    masks, bleach = s.stock_item("口罩", "只"), s.stock_item("84消毒液", "瓶")
    s.movement(masks, "received", 100, local(d - timedelta(days=2), 9))
    s.movement(masks, "distributed", -5, local(d, 9))
    s.movement(masks, "distributed", -5, local(d, 9, 10))
    s.movement(masks, "distributed", -3, local(d, 15))
    s.movement(masks, "distributed", -10, local(d - timedelta(days=1), 9))
    s.movement(masks, "adjusted", -1, local(d, 16))
    s.movement(bleach, "received", 10, local(d - timedelta(days=2), 9))
    s.movement(bleach, "distributed", -2, local(d, 10))
    s.receipts([local(d, 9), local(d, 9, 10), local(d - timedelta(days=1), 9)])
    await s.save()


async def build_world(stack: Stack) -> World:
    d = shanghai_today() - timedelta(days=1)
    long_ago = local(d - timedelta(days=30), 9)
    tree_a = await make_community(stack, "东湖社区", households=3)
    tree_b = await make_community(stack, "西湖社区", households=2)
    tree_c = await make_community(stack, "别的社区", households=1)
    for tree in (tree_a, tree_b, tree_c):
        await backdate_community(stack, tree.community_id, long_ago)
    await _registry_a(stack, tree_a.community_id, tree_a.household_ids, d)
    await _supplies_a(stack, tree_a.community_id, d)

    b = RegistryRecords(stack, tree_b.community_id)
    round_id = b.round()
    b.screening(round_id, tree_b.household_ids[0], local(d, 15), "reached", "low")
    b.gate_log(local(d, 12))
    b.gate_log(local(d, 23), verdict="deny", reason="curfew")
    await b.save()
    sb = SuppliesRecords(stack, tree_b.community_id)
    masks = sb.stock_item("口罩", "只")
    sb.movement(masks, "received", 50, local(d - timedelta(days=2), 9))
    sb.movement(masks, "distributed", -7, local(d, 11))
    await sb.save()

    c = RegistryRecords(stack, tree_c.community_id)
    for hour in range(5):
        c.gate_log(local(d, 10 + hour))
    await c.save()
    return World(d, tree_a.community_id, tree_b.community_id, tree_c.community_id)


def now_in_day(day: date) -> datetime:
    """A moment certainly inside `day` and in the past when `day` is today."""
    start, now = local(day, 0), datetime.now(local(day, 0).tzinfo)
    return start + (now - start) / 2 if now > start else start
