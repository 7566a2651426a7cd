"""What part of the registry a caller may see: their communities (all of them for an admin)
and, for a grid worker, only the buildings, or floors of buildings, assigned to them.
Households, people, imports and exports all filter through `Scope`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, true
from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.assignments.area import FloorRange, in_area
from registry.residents.assignments.repository import assigned_areas
from registry.residents.households.models import Household
from shouhu_common.identity import Principal, Role


@dataclass(frozen=True, slots=True)
class Scope:
    community_ids: tuple[uuid.UUID, ...] | None  # None: every community (admin)
    # None: every building of those communities; else the buildings wholly in reach …
    building_ids: tuple[uuid.UUID, ...] | None
    # … and these floors of other buildings (a grid worker given floors a–b)
    floors: tuple[FloorRange, ...] = ()

    def admits(
        self, community_id: uuid.UUID, building_id: uuid.UUID, floor: int | None = None
    ) -> bool:
        """`floor` decides in a building only some floors of which are in reach; without it
        such a building is out of reach."""
        if self.community_ids is not None and community_id not in self.community_ids:
            return False
        if self.building_ids is None or building_id in self.building_ids:
            return True
        return any(r.holds(building_id, floor) for r in self.floors)

    def households(self) -> ColumnElement[bool]:
        """`admits` as a condition on `Household`, for queries that list a household's things."""
        clauses: list[ColumnElement[bool]] = []
        if self.community_ids is not None:
            clauses.append(Household.community_id.in_(self.community_ids))
        if self.building_ids is not None:
            clauses.append(in_area(self.building_ids, self.floors))
        return and_(*clauses) if clauses else true()

    def narrowed_to(self, community_id: uuid.UUID | None) -> Scope:
        """The scope limited to one community when the caller asks for one."""
        if community_id is None:
            return self
        if self.community_ids is not None and community_id not in self.community_ids:
            return Scope(community_ids=(), building_ids=self.building_ids, floors=self.floors)
        return Scope(
            community_ids=(community_id,), building_ids=self.building_ids, floors=self.floors
        )


async def scope_of(session: AsyncSession, principal: Principal) -> Scope:
    if principal.role == Role.admin:
        return Scope(community_ids=None, building_ids=None)
    communities = tuple(principal.community_ids)
    if principal.role == Role.grid_worker:
        areas = await assigned_areas(session, principal.subject, communities)
        whole = tuple(b for b, lo, hi in areas if lo is None or hi is None)
        floors = tuple(
            FloorRange(b, lo, hi) for b, lo, hi in areas if lo is not None and hi is not None
        )
        return Scope(community_ids=communities, building_ids=whole, floors=floors)
    return Scope(community_ids=communities, building_ids=None)
