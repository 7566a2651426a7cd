"""The slot planner on its own: name order, floors upward, points finishing together."""

from __future__ import annotations

import uuid

from registry.health.testing_rounds.slots import (
    BuildingLoad,
    PointHours,
    natural,
    overrun,
    plan_slots,
)


def building(name: str, *floors: int) -> BuildingLoad:
    return BuildingLoad(
        uuid.uuid5(uuid.NAMESPACE_URL, name), (natural(name),), tuple(enumerate(floors, start=1))
    )


def test_names_sort_by_their_numbers() -> None:
    assert sorted(["10栋", "2栋", "1栋", "A座"], key=natural) == ["1栋", "2栋", "10栋", "A座"]


def test_each_building_goes_up_floor_by_floor_in_whole_floors() -> None:
    b = building("1栋", 8, 8, 30, 0, 5)
    planned = plan_slots([b], [PointHours(480, 720, 1)], 10, 10)
    assert [(s.from_floor, s.to_floor, s.households, s.ends - s.starts) for s in planned] == [
        (1, 1, 8, 10),
        (2, 2, 8, 10),
        (3, 3, 30, 30),  # a floor over the slot's size takes several periods
        (5, 5, 5, 10),  # a floor without households gets no slot
    ]
    assert sum(s.households for s in planned) == 51


def test_a_point_opening_later_or_with_more_tables_is_given_its_share() -> None:
    buildings = [building(f"{n}栋", 20, 20) for n in range(1, 13)]
    points = [PointHours(480, 720, 2), PointHours(540, 720, 1)]  # 08:00 two tables, 09:00 one
    planned = plan_slots(buildings, points, 20, 10)
    ends = [max(s.ends for s in planned if s.point == p) for p in (0, 1)]
    assert abs(ends[0] - ends[1]) <= 20
    first = [s.building_id for s in planned if s.point == 0]
    assert first == sorted(first, key=[b.building_id for b in buildings].index)
    assert overrun(planned, points) == 0
    assert overrun(planned, [PointHours(480, 500, 2), PointHours(540, 560, 1)]) > 0
