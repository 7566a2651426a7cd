"""Cutting a community into slots 分时段 when a round is planned.

Buildings are taken in name order (natural: 2栋 before 10栋), each from its lowest floor up. A
slot holds at most `households_per_slot × tables` households of one building (whole floors; a
floor larger than that gets a slot of several periods) and lasts `slot_minutes` per period.
Each building goes to the point that, with it, would finish earliest, so the points finish about
together and each point still works through its buildings in name order."""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

_DIGITS = re.compile(r"(\d+)")


def natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key reading the numbers in a name as numbers: 2栋 before 10栋."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in _DIGITS.split(text) if part
    )


def minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def clock(total: int) -> time:
    return time(total // 60, total % 60)


@dataclass(frozen=True, slots=True)
class BuildingLoad:
    building_id: uuid.UUID
    sort_key: tuple[object, ...]
    floors: tuple[tuple[int, int], ...]  # (floor, households), lowest floor first


@dataclass(frozen=True, slots=True)
class PointHours:
    opens: int  # minutes after midnight
    closes: int
    tables: int


@dataclass(frozen=True, slots=True)
class PlannedSlot:
    point: int  # index into the points given
    building_id: uuid.UUID
    from_floor: int
    to_floor: int
    starts: int
    ends: int
    households: int


@dataclass(frozen=True, slots=True)
class _Piece:
    from_floor: int
    to_floor: int
    households: int


def _pieces(floors: Sequence[tuple[int, int]], capacity: int) -> list[_Piece]:
    pieces: list[_Piece] = []
    for floor, households in floors:
        last = pieces[-1] if pieces else None
        if last is not None and last.households + households <= capacity:
            pieces[-1] = _Piece(last.from_floor, floor, last.households + households)
        else:
            pieces.append(_Piece(floor, floor, households))
    return pieces


def _periods(piece: _Piece, capacity: int) -> int:
    return max(1, math.ceil(piece.households / capacity))


def _length(floors: Sequence[tuple[int, int]], capacity: int, slot_minutes: int) -> int:
    return sum(_periods(p, capacity) for p in _pieces(floors, capacity)) * slot_minutes


def plan_slots(
    buildings: Sequence[BuildingLoad],
    points: Sequence[PointHours],
    households_per_slot: int,
    slot_minutes: int,
) -> list[PlannedSlot]:
    finish = [p.opens for p in points]
    planned: list[PlannedSlot] = []
    for building in sorted(buildings, key=lambda b: b.sort_key):
        floors = [(f, n) for f, n in sorted(building.floors) if n > 0]
        if not floors:
            continue

        ends = [
            finish[i] + _length(floors, households_per_slot * p.tables, slot_minutes)
            for i, p in enumerate(points)
        ]
        best = min(range(len(points)), key=lambda i: (ends[i], i))
        capacity = households_per_slot * points[best].tables
        for piece in _pieces(floors, capacity):
            starts = finish[best]
            finish[best] = starts + _periods(piece, capacity) * slot_minutes
            planned.append(
                PlannedSlot(
                    best,
                    building.building_id,
                    piece.from_floor,
                    piece.to_floor,
                    starts,
                    finish[best],
                    piece.households,
                )
            )
    return planned


def overrun(planned: Sequence[PlannedSlot], points: Sequence[PointHours]) -> int:
    """Minutes by which the latest point would run past its closing time (0: all fit)."""
    late = [s.ends - points[s.point].closes for s in planned]
    return max([0, *late])
