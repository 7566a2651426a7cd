"""Where a household is, as every list shows it: "东苑 1栋 1单元 101", its building (for grid
scoping) and its floor; and the joins that fetch it beside a record that names a household."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import InstrumentedAttribute

from registry.residents.assignments.area import FloorRange, in_area
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from registry.residents.people.models import Person


def address(compound: str, building: str, unit: int, room: str) -> str:
    return f"{compound} {building} {unit}单元 {room}"


def with_place(
    query: Select[Any],
    household_id: InstrumentedAttribute[uuid.UUID],
    person_id: InstrumentedAttribute[uuid.UUID | None],
) -> Select[Any]:
    """`query` (one entity) plus its household's building id, address parts and floor, and the
    name of the person it names, if any; `placed` reads a row of it."""
    return (
        query.add_columns(
            Household.building_id,
            Compound.name,
            Building.name,
            Household.unit,
            Household.room,
            Person.name,
            Household.floor,
        )
        .join(Household, Household.id == household_id)
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
        .outerjoin(Person, Person.id == person_id)
    )


def placed(row: Any) -> tuple[Any, uuid.UUID, str, str | None, int]:
    """A row of `with_place`: the entity, building id, address, person's name, floor."""
    entity, building_id, compound, building, unit, room, person_name, floor = row
    return entity, building_id, address(compound, building, unit, room), person_name, floor


def in_grid(
    household_id: InstrumentedAttribute[uuid.UUID],
    building_ids: Sequence[uuid.UUID],
    floors: Sequence[FloorRange],
) -> ColumnElement[bool]:
    """Records of households in these buildings (and, for a grid worker, these floors)."""
    return household_id.in_(select(Household.id).where(in_area(building_ids, floors)))
