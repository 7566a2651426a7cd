"""What part of the registry a caller may see: their communities (all of them for an admin)
and, for a grid worker, only the buildings assigned to them. Households, people, imports and
exports all filter through `Scope`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from registry.assignments.repository import assigned_building_ids
from shouhu_common.identity import Principal, Role


@dataclass(frozen=True, slots=True)
class Scope:
    community_ids: tuple[uuid.UUID, ...] | None  # None: every community (admin)
    building_ids: tuple[uuid.UUID, ...] | None  # None: every building of those communities

    def admits(self, community_id: uuid.UUID, building_id: uuid.UUID) -> bool:
        if self.community_ids is not None and community_id not in self.community_ids:
            return False
        return self.building_ids is None or building_id in self.building_ids

    def narrowed_to(self, community_id: uuid.UUID | None) -> Scope:
        """The scope limited to one community when the caller asks for one."""
        if community_id is None:
            return self
        if self.community_ids is not None and community_id not in self.community_ids:
            return Scope(community_ids=(), building_ids=self.building_ids)
        return Scope(community_ids=(community_id,), building_ids=self.building_ids)


async def scope_of(session: AsyncSession, principal: Principal) -> Scope:
    if principal.role == Role.admin:
        return Scope(community_ids=None, building_ids=None)
    communities = tuple(principal.community_ids)
    if principal.role == Role.grid_worker:
        buildings = await assigned_building_ids(session, principal.subject, communities)
        return Scope(community_ids=communities, building_ids=tuple(buildings))
    return Scope(community_ids=communities, building_ids=None)
