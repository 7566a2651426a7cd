"""The rule "every household has exactly one responsible worker", on floors: after a change
no floor may have two workers, and no floor that had one may be left with none."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from registry.residents.assignments.errors import AssignmentLeavesGap, TwoResponsibleWorkers

Cell = tuple[uuid.UUID, int]  # (building, floor)


@dataclass(frozen=True, slots=True)
class Area:
    building_id: uuid.UUID
    floor_from: int | None = None  # both None: the whole building
    floor_to: int | None = None

    def floors(self, height: int) -> range:
        if self.floor_from is None or self.floor_to is None:
            return range(1, height + 1)
        return range(self.floor_from, self.floor_to + 1)


def owners(
    plan: Mapping[str, Iterable[Area]], heights: Mapping[uuid.UUID, int]
) -> dict[Cell, set[str]]:
    found: dict[Cell, set[str]] = defaultdict(set)
    for subject, areas in plan.items():
        for area in areas:
            for floor in area.floors(heights.get(area.building_id, 1)):
                found[(area.building_id, floor)].add(subject)
    return found


def describe(cells: Iterable[Cell], names: Mapping[uuid.UUID, str]) -> str:
    """`东苑 1栋 3–5层、7层; 东苑 2栋 1–6层`: floors grouped into ranges per building."""
    by_building: dict[uuid.UUID, list[int]] = defaultdict(list)
    for building_id, floor in cells:
        by_building[building_id].append(floor)
    parts = []
    for building_id, floors in sorted(by_building.items(), key=lambda kv: names.get(kv[0], "")):
        runs: list[list[int]] = []
        for f in sorted(set(floors)):
            if runs and runs[-1][1] == f - 1:
                runs[-1][1] = f
            else:
                runs.append([f, f])
        text = "、".join(f"{a}层" if a == b else f"{a}–{b}层" for a, b in runs)
        parts.append(f"{names.get(building_id, str(building_id))} {text}")
    return "; ".join(parts[:10]) + (" …" if len(parts) > 10 else "")


def check_change(
    before: Mapping[str, list[Area]],
    changes: Mapping[str, list[Area]],
    heights: Mapping[uuid.UUID, int],
    names: Mapping[uuid.UUID, str],
) -> None:
    """Raises when the plan after `changes` gives a floor two workers, or leaves a floor that
    one of the changed workers had with nobody."""
    after = {**before, **changes}
    owned_after = owners(after, heights)
    doubled = [cell for cell, who in owned_after.items() if len(who) > 1]
    if doubled:
        raise TwoResponsibleWorkers(describe(doubled, names))
    had = owners({s: before.get(s, []) for s in changes}, heights)
    left = [cell for cell in had if not owned_after.get(cell)]
    if left:
        raise AssignmentLeavesGap(describe(left, names))
