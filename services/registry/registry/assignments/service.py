"""Grid assignments: staff set which buildings a grid worker covers; grid workers read theirs."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from registry.assignments import repository
from registry.assignments.errors import BuildingOutsideCommunity
from registry.assignments.models import GridAssignment
from registry.assignments.schemas import GridAssignmentRead, GridAssignmentSet
from registry.communities.errors import CommunityNotFound
from shouhu_common.identity import Principal, Role


def _community_scope(principal: Principal) -> list[uuid.UUID] | None:
    return None if principal.role == Role.admin else list(principal.community_ids)


async def _reads(session: AsyncSession, rows: list[GridAssignment]) -> list[GridAssignmentRead]:
    buildings = await repository.buildings_by_id(session, [r.building_id for r in rows])
    return [
        GridAssignmentRead(
            subject=r.subject,
            community_id=r.community_id,
            building_id=r.building_id,
            building_name=buildings[r.building_id].name,
        )
        for r in rows
    ]


async def list_assignments(
    session: AsyncSession, principal: Principal, subject: str | None
) -> list[GridAssignmentRead]:
    """A grid worker sees only their own assignments."""
    if principal.role == Role.grid_worker:
        subject = principal.subject
    rows = await repository.list_assignments(session, _community_scope(principal), subject)
    return await _reads(session, list(rows))


async def set_assignments(
    session: AsyncSession, principal: Principal, subject: str, body: GridAssignmentSet
) -> list[GridAssignmentRead]:
    """Replaces the grid worker's buildings in one community; every building must be in it."""
    if not principal.in_community(body.community_id):
        raise CommunityNotFound()
    wanted = list(dict.fromkeys(body.building_ids))
    buildings = await repository.buildings_by_id(session, wanted)
    if any(b not in buildings or buildings[b].community_id != body.community_id for b in wanted):
        raise BuildingOutsideCommunity()
    await repository.remove_assignments(session, subject, body.community_id)
    rows = [
        GridAssignment(
            community_id=body.community_id,
            subject=subject,
            building_id=b,
            assigned_by=principal.subject,
        )
        for b in wanted
    ]
    session.add_all(rows)
    await session.commit()
    return await _reads(session, rows)
