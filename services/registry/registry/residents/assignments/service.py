"""Grid assignments: staff set which buildings, or floors of a building, each grid worker
covers; grid workers read theirs. Every floor keeps exactly one responsible worker: a change
that gives a floor two, or takes a worker's floor without handing it to another in the same
change, is refused. Every change publishes each named worker's new areas (`grid.area_changed`)
in its transaction, so supplies shows them only the households of their grid."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from registry.events import publish_grid_area
from registry.residents.assignments import repository
from registry.residents.assignments.errors import (
    AreasRepeated,
    BuildingOutsideCommunity,
    FloorsOutsideBuilding,
)
from registry.residents.assignments.models import GridAssignment
from registry.residents.assignments.rules import Area, check_change
from registry.residents.assignments.schemas import (
    FloorAssignment,
    GridAssignmentRead,
    GridAssignmentSet,
    GridPlanSet,
    WorkerAreas,
)
from registry.residents.communities.errors import CommunityNotFound
from registry.residents.communities.models import Building
from shouhu_common.identity import Principal, Role


def _community_scope(principal: Principal) -> list[uuid.UUID] | None:
    return None if principal.role == Role.admin else list(principal.community_ids)


def assignment_read(
    row: GridAssignment, buildings: dict[uuid.UUID, Building]
) -> GridAssignmentRead:
    return GridAssignmentRead(
        subject=row.subject,
        community_id=row.community_id,
        building_id=row.building_id,
        building_name=buildings[row.building_id].name,
        floor_from=row.floor_from,
        floor_to=row.floor_to,
    )


async def _reads(session: AsyncSession, rows: Sequence[GridAssignment]) -> list[GridAssignmentRead]:
    buildings = await repository.buildings_by_id(session, [r.building_id for r in rows])
    return [assignment_read(r, buildings) for r in rows]


async def list_assignments(
    session: AsyncSession, principal: Principal, subject: str | None
) -> list[GridAssignmentRead]:
    """A grid worker sees only their own assignments."""
    if principal.role == Role.grid_worker:
        subject = principal.subject
    rows = await repository.list_assignments(session, _community_scope(principal), subject)
    return await _reads(session, rows)


def heights_of(
    buildings: Sequence[Building], households: dict[tuple[uuid.UUID, int], int]
) -> dict[uuid.UUID, int]:
    """A building's floors: its declared number, or its highest household's floor if higher."""
    top: dict[uuid.UUID, int] = defaultdict(int)
    for (building_id, floor), _ in households.items():
        top[building_id] = max(top[building_id], floor)
    return {b.id: max(b.floors, top[b.id]) for b in buildings}


def _areas(
    wanted: WorkerAreas, community_id: uuid.UUID, heights: dict[uuid.UUID, int]
) -> list[Area]:
    """The request's areas of one worker, checked against the community's buildings."""
    areas = [Area(b) for b in wanted.building_ids]
    areas += [Area(f.building_id, f.floor_from, f.floor_to) for f in wanted.floors]
    buildings = [a.building_id for a in areas]
    if len(set(buildings)) != len(buildings):
        raise AreasRepeated(f"{wanted.subject}: a building appears twice")
    if any(b not in heights for b in buildings):
        raise BuildingOutsideCommunity()
    for f in wanted.floors:
        if f.floor_to > heights[f.building_id]:
            raise FloorsOutsideBuilding(f"该楼栋共 {heights[f.building_id]} 层")
    return areas


async def set_plan(
    session: AsyncSession, principal: Principal, body: GridPlanSet
) -> list[GridAssignmentRead]:
    """Replaces the areas of every worker named, in one transaction, under the rule, and
    publishes each one's new areas with it."""
    community_id = body.community_id
    if not principal.in_community(community_id):
        raise CommunityNotFound()
    await repository.lock_community(session, community_id)
    buildings = await repository.buildings_of(session, community_id)
    heights = heights_of(
        [b for b, _ in buildings], await repository.households_by_floor(session, community_id)
    )
    names = {b.id: f"{compound} {b.name}" for b, compound in buildings}
    changes = {w.subject: _areas(w, community_id, heights) for w in body.workers}
    before: dict[str, list[Area]] = defaultdict(list)
    for row in await repository.list_assignments(session, [community_id], None):
        before[row.subject].append(Area(row.building_id, row.floor_from, row.floor_to))
    check_change(before, changes, heights, names)
    await repository.remove_assignments(session, list(changes), community_id)
    rows = [
        GridAssignment(
            community_id=community_id,
            subject=subject,
            building_id=a.building_id,
            floor_from=a.floor_from,
            floor_to=a.floor_to,
            assigned_by=principal.subject,
        )
        for subject, areas in changes.items()
        for a in areas
    ]
    session.add_all(rows)
    for subject, areas in changes.items():
        await publish_grid_area(
            session,
            subject=subject,
            community_id=community_id,
            areas=[(a.building_id, a.floor_from, a.floor_to) for a in areas],
        )
    await session.commit()
    return await _reads(session, rows)


async def set_assignments(
    session: AsyncSession, principal: Principal, subject: str, body: GridAssignmentSet
) -> list[GridAssignmentRead]:
    """Replaces one grid worker's areas in a community, under the same rule."""
    plan = GridPlanSet(
        community_id=body.community_id,
        workers=[
            WorkerAreas(
                subject=subject,
                building_ids=body.building_ids,
                floors=[FloorAssignment.model_validate(f.model_dump()) for f in body.floors],
            )
        ],
    )
    return await set_plan(session, principal, plan)
