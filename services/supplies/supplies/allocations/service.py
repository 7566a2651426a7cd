"""Scarce protective gear by priority: candidates are ranked by the first rule they match (in the
order the community set), served in that order `quantity_each` at a time while stock lasts, and
never beyond it. Candidates matching no rule receive nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from supplies.allocations.models import Allocation, AllocationGrant
from supplies.allocations.schemas import (
    AllocationCreate,
    AllocationRead,
    Candidate,
    GrantRead,
    PriorityRule,
)
from supplies.community_stock import repository as stock
from supplies.community_stock.errors import StockItemNotFound
from supplies.community_stock.models import MovementKind, StockMovement
from supplies.community_stock.service import load_visible_item
from supplies.household_directory import repository as directory


@dataclass(frozen=True, slots=True)
class Ranked:
    priority: int
    rule: str
    candidate: Candidate


def matches(rule: PriorityRule, c: Candidate) -> bool:
    if rule.frontline is not None and c.frontline != rule.frontline:
        return False
    if rule.min_age is not None and (c.age is None or c.age < rule.min_age):
        return False
    for flag in ("has_elderly", "has_chronic_illness", "lives_alone"):
        wanted = getattr(rule, flag)
        if wanted is not None and getattr(c, flag) != wanted:
            return False
    return True


def rank(rules: list[PriorityRule], candidates: list[Candidate]) -> list[Ranked]:
    ranked = []
    for c in candidates:
        for priority, rule in enumerate(rules, start=1):
            if matches(rule, c):
                ranked.append(Ranked(priority, rule.label, c))
                break
    return sorted(ranked, key=lambda r: r.priority)  # stable: request order within a rule


async def _directory_candidates(session: AsyncSession, community_id: uuid.UUID) -> list[Candidate]:
    return [
        Candidate(
            recipient=f"{h.compound}{h.building}{h.unit}单元{h.room}",
            household_id=h.household_id,
            has_elderly=h.has_elderly,
            has_chronic_illness=h.has_chronic_illness,
            lives_alone=h.lives_alone,
        )
        for h in await directory.entries_of_community(session, community_id)
    ]


async def allocate(
    session: AsyncSession, principal: Principal, data: AllocationCreate
) -> AllocationRead:
    item = await load_visible_item(session, principal, data.stock_item_id)
    if item.community_id != data.community_id:
        raise StockItemNotFound()
    candidates = list(data.candidates)
    if data.include_directory_households:
        candidates += await _directory_candidates(session, data.community_id)
    ranked = rank(data.rules, candidates)
    await stock.lock_items(session, [item])
    on_hand = (await stock.balances(session, [item]))[item.id]
    served = ranked[: on_hand // data.quantity_each]
    allocation = Allocation(
        id=uuid.uuid4(),
        community_id=data.community_id,
        stock_item_id=item.id,
        quantity_each=data.quantity_each,
        rules=[r.model_dump() for r in data.rules],
        created_by=principal.subject,
        created_at=utc_now(),
    )
    session.add(allocation)
    await session.flush()
    grants = [
        AllocationGrant(
            allocation_id=allocation.id,
            priority=r.priority,
            rule_label=r.rule,
            recipient=r.candidate.recipient,
            household_id=r.candidate.household_id,
            quantity=data.quantity_each,
        )
        for r in served
    ]
    session.add_all(grants)
    now = utc_now()
    session.add_all(
        StockMovement(
            community_id=item.community_id,
            stock_item_id=item.id,
            kind=MovementKind.distributed,
            quantity=-g.quantity,
            reason=f"按优先级分配 {g.rule_label}: {g.recipient}"[:200],
            household_id=g.household_id,
            source_id=allocation.id,
            recorded_by=principal.subject,
            recorded_at=now,
        )
        for g in grants
    )
    await session.commit()
    return AllocationRead(
        id=allocation.id,
        stock_item_id=item.id,
        quantity_each=data.quantity_each,
        granted=[GrantRead.model_validate(g) for g in grants],
        eligible=len(ranked),
        left_out=len(ranked) - len(served),
        on_hand_after=on_hand - len(served) * data.quantity_each,
        created_at=allocation.created_at,
    )
