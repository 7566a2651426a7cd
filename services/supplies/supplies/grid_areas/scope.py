"""Which households a caller may reach by grid: a grid worker only those of their area (whole
buildings, or floors a–b of a building), located by the household directory's `building_id` and
`floor`; everyone else is not held to a grid (their community scope still applies). A household
the directory cannot place (no `building_id`) is outside every grid: the rule fails closed.

Every route of supplies that lists or takes a household's objects applies this: lists are
filtered, a single object outside the area is not found (404), a write for a household outside
it is refused as not found."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from shouhu_common.identity import Principal, Role
from supplies.grid_areas import repository
from supplies.household_directory.models import HouseholdDirectoryEntry


@dataclass(frozen=True, slots=True)
class Area:
    building_id: uuid.UUID
    floor_from: int | None = None  # both None: the whole building
    floor_to: int | None = None

    def holds(self, building_id: uuid.UUID | None, floor: int | None) -> bool:
        if building_id is None or building_id != self.building_id:
            return False
        if self.floor_from is None or self.floor_to is None:
            return True
        return floor is not None and self.floor_from <= floor <= self.floor_to


@dataclass(frozen=True, slots=True)
class GridScope:
    areas: tuple[Area, ...] | None  # None: not held to a grid

    @property
    def bounded(self) -> bool:
        return self.areas is not None

    def admits(self, entry: HouseholdDirectoryEntry | None) -> bool:
        if self.areas is None:
            return True
        if entry is None:
            return False
        return any(a.holds(entry.building_id, entry.floor) for a in self.areas)

    def entries(self) -> ColumnElement[bool]:
        """`admits` as a condition on `HouseholdDirectoryEntry`."""
        if self.areas is None:
            return true()
        e = HouseholdDirectoryEntry
        clauses: list[ColumnElement[bool]] = [
            e.building_id == a.building_id
            if a.floor_from is None or a.floor_to is None
            else and_(e.building_id == a.building_id, e.floor.between(a.floor_from, a.floor_to))
            for a in self.areas
        ]
        return or_(false(), *clauses)

    def households(
        self, household_id: ColumnElement[Any] | InstrumentedAttribute[Any]
    ) -> ColumnElement[bool]:
        """A condition on another table's household id column: the household is in the area."""
        if self.areas is None:
            return true()
        inside = select(HouseholdDirectoryEntry.household_id).where(self.entries())
        return household_id.in_(inside)


UNBOUNDED = GridScope(areas=None)


async def grid_scope(session: AsyncSession, principal: Principal) -> GridScope:
    if principal.role != Role.grid_worker:
        return UNBOUNDED
    rows = await repository.areas_of(session, principal.subject, list(principal.community_ids))
    return GridScope(areas=tuple(Area(r.building_id, r.floor_from, r.floor_to) for r in rows))


async def admits_household(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID | None
) -> bool:
    """Whether the caller's grid holds the household (always, for a caller without a grid)."""
    if principal.role != Role.grid_worker:
        return True
    if household_id is None:
        return False
    scope = await grid_scope(session, principal)
    entry = await session.get(HouseholdDirectoryEntry, household_id)
    return scope.admits(entry)
