"""A grid worker's area as a condition on households: whole buildings, and floor ranges of
others (households carry their floor)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_

from registry.residents.households.models import Household


@dataclass(frozen=True, slots=True)
class FloorRange:
    building_id: uuid.UUID
    floor_from: int
    floor_to: int

    def holds(self, building_id: uuid.UUID, floor: int | None) -> bool:
        return (
            building_id == self.building_id
            and floor is not None
            and self.floor_from <= floor <= self.floor_to
        )


def in_area(
    building_ids: Sequence[uuid.UUID], floors: Sequence[FloorRange] = ()
) -> ColumnElement[bool]:
    """Households in `building_ids`, or on the floors of `floors`."""
    clauses: list[ColumnElement[bool]] = [Household.building_id.in_(building_ids)]
    clauses += [
        and_(
            Household.building_id == r.building_id,
            Household.floor >= r.floor_from,
            Household.floor <= r.floor_to,
        )
        for r in floors
    ]
    return or_(*clauses)
