"""A round's slots: read (a grid worker: those of their buildings and floors), adjusted by hand
by staff, and gathered by building for the notice and the posters."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.testing_rounds import repository
from registry.health.testing_rounds.errors import InvalidSlot, RoundClosed, SlotNotFound
from registry.health.testing_rounds.models import RoundStatus, TestingRound
from registry.health.testing_rounds.repository import SlotRow
from registry.health.testing_rounds.schemas import SlotRead, SlotUpdate
from registry.health.testing_rounds.service import visible_round
from registry.health.testing_rounds.slots import natural
from registry.residents.assignments.scope import Scope, scope_of
from shouhu_common.identity import Principal


def building_name(compound: str, building: str) -> str:
    return f"{compound} {building}"


def read_slot(row: SlotRow) -> SlotRead:
    s = row.slot
    return SlotRead(
        id=s.id,
        building_id=s.building_id,
        building_name=building_name(row.compound, row.building),
        point_id=s.point_id,
        point_name=row.point_name,
        from_floor=s.from_floor,
        to_floor=s.to_floor,
        starts_at=s.starts_at,
        ends_at=s.ends_at,
        households=s.households,
    )


def slot_in_scope(scope: Scope, community_id: uuid.UUID, row: SlotRow) -> bool:
    """Whole buildings of the grid, and slots reaching one of the grid's floors of others."""
    s = row.slot
    if scope.admits(community_id, s.building_id):
        return True
    return any(
        r.building_id == s.building_id and r.floor_from <= s.to_floor and s.from_floor <= r.floor_to
        for r in scope.floors
    )


async def list_slots(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID
) -> list[SlotRead]:
    row = await visible_round(session, principal, round_id)
    scope = await scope_of(session, principal)
    return [
        read_slot(s)
        for s in await repository.slots_of(session, round_id)
        if slot_in_scope(scope, row.community_id, s)
    ]


def _check_open(row: TestingRound) -> None:
    if row.status == RoundStatus.closed:
        raise RoundClosed()


async def update_slot(
    session: AsyncSession,
    principal: Principal,
    round_id: uuid.UUID,
    slot_id: uuid.UUID,
    change: SlotUpdate,
) -> SlotRead:
    """Checked as a whole after the change: a point of this round, whose hours hold the slot,
    and floors low to high. The households are counted again when the floors change."""
    row = await visible_round(session, principal, round_id)
    slot = await repository.get_slot(session, round_id, slot_id)
    scope = await scope_of(session, principal)
    if slot is None or not scope.admits(row.community_id, slot.building_id, slot.from_floor):
        raise SlotNotFound()
    _check_open(row)
    points = {p.id: p for p in (await repository.points_of(session, [round_id]))[round_id]}
    point = points.get(change.point_id or slot.point_id)
    if point is None:
        raise InvalidSlot("the point is not one of this round's")
    starts = change.starts_at or slot.starts_at
    ends = change.ends_at or slot.ends_at
    lowest = change.from_floor if change.from_floor is not None else slot.from_floor
    highest = change.to_floor if change.to_floor is not None else slot.to_floor
    if lowest > highest:
        raise InvalidSlot("from_floor must not be above to_floor")
    if starts >= ends:
        raise InvalidSlot("starts_at must be before ends_at")
    if starts < point.opens_at or ends > point.closes_at:
        raise InvalidSlot(
            f"the slot must lie within the point's hours "
            f"{point.opens_at:%H:%M}–{point.closes_at:%H:%M}"
        )
    if (lowest, highest) != (slot.from_floor, slot.to_floor):
        slot.households = await repository.households_on(session, slot.building_id, lowest, highest)
    slot.point_id, slot.starts_at, slot.ends_at = point.id, starts, ends
    slot.from_floor, slot.to_floor = lowest, highest
    await session.commit()
    (updated,) = [s for s in await repository.slots_of(session, round_id) if s.slot.id == slot_id]
    return read_slot(updated)


@dataclass(frozen=True, slots=True)
class BuildingSchedule:
    building_id: uuid.UUID
    name: str  # 东苑 1栋
    slots: list[SlotRow]


def by_building(rows: Sequence[SlotRow]) -> list[BuildingSchedule]:
    """Buildings in name order, each with its slots by floor."""
    found: dict[uuid.UUID, BuildingSchedule] = {}
    keys: dict[uuid.UUID, tuple[object, ...]] = {}
    for r in rows:
        b = r.slot.building_id
        if b not in found:
            found[b] = BuildingSchedule(b, building_name(r.compound, r.building), [])
            keys[b] = (natural(r.compound), natural(r.building))
        found[b].slots.append(r)
    for schedule in found.values():
        schedule.slots.sort(key=lambda r: (r.slot.from_floor, r.slot.starts_at))
    return sorted(found.values(), key=lambda s: keys[s.building_id])


def floors_text(from_floor: int, to_floor: int) -> str:
    return f"{from_floor}层" if from_floor == to_floor else f"{from_floor}–{to_floor}层"
