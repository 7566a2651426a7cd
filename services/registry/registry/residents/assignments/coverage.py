"""Who covers what: floors nobody is responsible for, households per grid worker, and the
responsible worker of one household."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.assignments import repository
from registry.residents.assignments.rules import Area
from registry.residents.assignments.schemas import (
    GridAssignmentRead,
    GridCoverage,
    ResponsibleWorker,
    UncoveredArea,
    WorkerLoad,
)
from registry.residents.assignments.service import assignment_read, heights_of
from registry.residents.communities.service import community_for
from registry.residents.households.service import household_in_scope
from shouhu_common.identity import Principal


async def grid_coverage(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> GridCoverage:
    community_id = community_for(principal, community_id)
    buildings = await repository.buildings_of(session, community_id)
    by_id = {b.id: b for b, _ in buildings}
    names = {b.id: f"{compound} {b.name}" for b, compound in buildings}
    households = await repository.households_by_floor(session, community_id)
    heights = heights_of(list(by_id.values()), households)
    rows = await repository.list_assignments(session, [community_id], None)
    owner: dict[tuple[uuid.UUID, int], str] = {}
    whole: dict[uuid.UUID, str] = {}
    for row in rows:
        area = Area(row.building_id, row.floor_from, row.floor_to)
        if row.floor_from is None:
            whole[row.building_id] = row.subject
        for floor in area.floors(heights[row.building_id]):
            owner[(row.building_id, floor)] = row.subject

    def responsible(building_id: uuid.UUID, floor: int) -> str | None:
        return whole.get(building_id) or owner.get((building_id, floor))

    load: dict[str, int] = defaultdict(int)
    uncovered_households = 0
    for (building_id, floor), count in households.items():
        who = responsible(building_id, floor)
        if who is None:
            uncovered_households += count
        else:
            load[who] += count
    uncovered: list[UncoveredArea] = []
    for b, _ in buildings:
        run: list[int] = []
        for floor in range(1, heights[b.id] + 2):
            if floor <= heights[b.id] and responsible(b.id, floor) is None:
                run.append(floor)
            elif run:
                uncovered.append(
                    UncoveredArea(
                        building_id=b.id,
                        building_name=names[b.id],
                        floor_from=run[0],
                        floor_to=run[-1],
                        whole_building=len(run) == heights[b.id],
                        households=sum(households.get((b.id, f), 0) for f in run),
                    )
                )
                run = []
    areas: dict[str, list[GridAssignmentRead]] = defaultdict(list)
    for row in rows:
        areas[row.subject].append(assignment_read(row, by_id))
    total = sum(households.values())
    return GridCoverage(
        community_id=community_id,
        buildings=len(buildings),
        households=total,
        households_covered=total - uncovered_households,
        households_uncovered=uncovered_households,
        uncovered=uncovered,
        workers=[
            WorkerLoad(
                subject=subject,
                buildings=len({a.building_id for a in areas[subject]}),
                households=load[subject],
                areas=areas[subject],
            )
            for subject in sorted(areas)
        ],
    )


async def responsible_worker(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID
) -> ResponsibleWorker:
    """A grid worker asks only about households in their own area."""
    household = await household_in_scope(session, principal, household_id)
    rows = await repository.assignments_of_building(session, household.building_id)
    found = next(
        (
            r
            for r in rows
            if r.building_id == household.building_id
            and (
                r.floor_from is None
                or (r.floor_to is not None and r.floor_from <= household.floor <= r.floor_to)
            )
        ),
        None,
    )
    name = await repository.building_name(session, household.building_id)
    return ResponsibleWorker(
        household_id=household.id,
        building_id=household.building_id,
        building_name=name,
        floor=household.floor,
        subject=found.subject if found else None,
        floor_from=found.floor_from if found else None,
        floor_to=found.floor_to if found else None,
    )
