"""Where each imported person lives: the compound, building and household (room) named in
the sheet, found in the registry or made new (unless the import may not make buildings: then
such a row is a problem). A household's contact phone is the head's. What is made new is listed
with the rows naming it, so a misspelt building shows up in the dry run."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.households.models import HouseholdStatus, new_card_number
from registry.residents.imports import columns as col
from registry.residents.imports import repository
from registry.residents.imports.rows import PersonLine, RowProblem, ordered_id
from registry.residents.imports.schemas import ROWS_LISTED, NewBuilding, NewUnit
from registry.residents.people.relations import HEAD
from shouhu_common.clock import utc_now
from shouhu_common.pii import PersonalDataCipher

DEFAULT_FLOORS = 6


@dataclass
class Placement:
    lines: list[PersonLine] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    household_of: dict[int, uuid.UUID] = field(default_factory=dict)  # row → household
    new_compounds: list[dict[str, Any]] = field(default_factory=list)
    new_buildings: list[dict[str, Any]] = field(default_factory=list)
    new_households: list[dict[str, Any]] = field(default_factory=list)
    listed_buildings: list[NewBuilding] = field(default_factory=list)
    listed_units: list[NewUnit] = field(default_factory=list)


class _Tree:
    """The community's compounds and buildings, growing as the sheet names new ones."""

    def __init__(
        self,
        community_id: uuid.UUID,
        community_name: str,
        compounds: dict[str, uuid.UUID],
        buildings: dict[tuple[uuid.UUID, str], uuid.UUID],
        placement: Placement,
        may_create: bool,
    ) -> None:
        self.community_id, self.community_name = community_id, community_name
        self.compounds, self.buildings, self.placement = compounds, buildings, placement
        self.may_create = may_create
        self.owners: dict[str, set[uuid.UUID]] = defaultdict(set)
        for compound_id, name in buildings:
            self.owners[name].add(compound_id)

    def compound(self, name: str) -> uuid.UUID | None:
        found = self.compounds.get(name)
        if found is None and not self.may_create:
            return None
        if found is None:
            found = self.compounds[name] = uuid.uuid4()
            self.placement.new_compounds.append(
                {"id": found, "community_id": self.community_id, "name": name}
            )
        return found

    def compound_for(self, line: PersonLine) -> uuid.UUID | None:
        """The compound of a line whose sheet has no 小区: the only one, or the only one that
        has a building of that name; a community with none gets one named after it."""
        if line.compound:
            return self.compound(line.compound)
        if len(self.compounds) == 1:
            return next(iter(self.compounds.values()))
        owners = self.owners.get(line.building, set())
        if len(owners) == 1:
            return next(iter(owners))
        if not self.compounds:
            return self.compound(self.community_name[:100])
        return None

    def building(self, compound_id: uuid.UUID, line: PersonLine) -> uuid.UUID | None:
        found = self.buildings.get((compound_id, line.building))
        if found is None and not self.may_create:
            return None
        if found is None:
            found = self.buildings[(compound_id, line.building)] = uuid.uuid4()
            self.owners[line.building].add(compound_id)
            self.placement.new_buildings.append(
                {
                    "id": found,
                    "community_id": self.community_id,
                    "compound_id": compound_id,
                    "name": line.building,
                    "floors": DEFAULT_FLOORS,
                    "units": 1,
                }
            )
        return found


async def place_lines(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    community_id: uuid.UUID,
    community_name: str,
    lines: list[PersonLine],
    *,
    create_buildings: bool = True,
) -> Placement:
    placement = Placement()
    tree = _Tree(
        community_id,
        community_name,
        await repository.compounds_of(session, community_id),
        await repository.buildings_of(session, community_id),
        placement,
        create_buildings,
    )
    building_of: dict[int, uuid.UUID] = {}
    for line in lines:
        compound_id = tree.compound_for(line)
        if compound_id is None:
            placement.problems.append(_unplaced(line, col.COMPOUND, create_buildings))
            continue
        building_id = tree.building(compound_id, line)
        if building_id is None:
            placement.problems.append(_unplaced(line, col.BUILDING, create_buildings))
            continue
        building_of[line.row] = building_id
        placement.lines.append(line)
    _size_new_buildings(placement, building_of)
    _list_new(placement, building_of, tree, await repository.building_units(session, community_id))
    households = await repository.households_in(session, list(set(building_of.values())))
    new: dict[tuple[uuid.UUID, int, str], dict[str, Any]] = {}
    now = utc_now()
    for line in placement.lines:
        key = (building_of[line.row], line.unit, line.room)
        household_id = households.get(key)
        if household_id is None:
            if key not in new:
                new[key] = {
                    "id": ordered_id(),
                    "community_id": community_id,
                    "building_id": key[0],
                    "unit": line.unit,
                    "floor": line.floor,
                    "room": line.room,
                    "card_number": new_card_number(),
                    "contact_phone_enc": None,
                    "contact_phone_hash": None,
                    "status": HouseholdStatus.normal.value,
                    "created_at": now,
                    "updated_at": now,
                }
            household = new[key]
            household_id = household["id"]
            head = line.relation == HEAD
            if line.phone and (household["contact_phone_hash"] is None or head):
                if head or household.get("_phone_from_head") is not True:
                    household["contact_phone_enc"] = cipher.encrypt(line.phone)
                    household["contact_phone_hash"] = cipher.blind_index(line.phone)
                    household["_phone_from_head"] = head
        placement.household_of[line.row] = household_id
    for household in new.values():
        household.pop("_phone_from_head", None)
    placement.new_households = list(new.values())
    return placement


def _unplaced(line: PersonLine, column: str, create_buildings: bool) -> RowProblem:
    if column == col.COMPOUND and (create_buildings or not line.compound):
        return RowProblem(line.row, column, "本社区有多个小区，请填写小区")
    if column == col.COMPOUND:
        return RowProblem(line.row, column, f"小区“{line.compound}”不在本社区，未导入：请核对名称")
    return RowProblem(
        line.row, column, f"楼栋“{line.building}”不在本社区，未导入：请核对名称，或允许新建楼栋"
    )


def _list_new(
    placement: Placement,
    building_of: dict[int, uuid.UUID],
    tree: _Tree,
    known_units: dict[uuid.UUID, int],
) -> None:
    """The new buildings, and the units beyond a known building's count, with their rows."""
    compound_names = {v: k for k, v in tree.compounds.items()}
    rows_of: dict[uuid.UUID, list[int]] = defaultdict(list)
    units_of: dict[uuid.UUID, set[int]] = defaultdict(set)
    unit_rows: dict[tuple[uuid.UUID, int], list[int]] = defaultdict(list)
    for line in placement.lines:
        building_id = building_of[line.row]
        rows_of[building_id].append(line.row)
        units_of[building_id].add(line.unit)
        if line.unit > known_units.get(building_id, line.unit):
            unit_rows[(building_id, line.unit)].append(line.row)
    for b in placement.new_buildings:
        rows = rows_of[b["id"]]
        placement.listed_buildings.append(
            NewBuilding(
                compound=compound_names.get(b["compound_id"], ""),
                building=b["name"],
                units=sorted(units_of[b["id"]]),
                rows=rows[:ROWS_LISTED],
                row_count=len(rows),
            )
        )
    names = {building_id: key for key, building_id in tree.buildings.items()}
    for (building_id, unit), rows in sorted(unit_rows.items(), key=lambda kv: kv[1][0]):
        compound_id, building = names[building_id]
        placement.listed_units.append(
            NewUnit(
                compound=compound_names.get(compound_id, ""),
                building=building,
                unit=unit,
                rows=rows[:ROWS_LISTED],
                row_count=len(rows),
            )
        )


def _size_new_buildings(placement: Placement, building_of: dict[int, uuid.UUID]) -> None:
    """A new building is as tall and as wide as the sheet shows it."""
    sizes = {b["id"]: b for b in placement.new_buildings}
    for line in placement.lines:
        building = sizes.get(building_of[line.row])
        if building is not None:
            building["floors"] = max(building["floors"], line.floor)
            building["units"] = max(building["units"], line.unit)
