"""Who is still missing in a round, by building and floor, with each household's last knock.

One pass over the community's people (a `DriverSelect`: ~15,000 rows straight from the driver,
UUIDs left as the driver gives them: building a `uuid.UUID` of each cost more than the query),
each with whether the round has a registration of theirs (an index probe on (round_id,
person_id)); people excluded or on the home-sampling list are left out in SQL, the building and
floor asked too; a grid worker's area is applied in Python on the way. Knocks are few: all
the round's are read and the last per household kept.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Integer, Uuid, and_, bindparam, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.sampling.models import HouseholdKnock, SampleRegistration
from registry.health.testing_rounds.models import RoundArrangement
from registry.residents.assignments.scope import Scope
from registry.residents.communities.models import Building
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from shouhu_common.driver_reads import DriverSelect
from shouhu_common.pii import mask_name

_ROUND = bindparam("round_id", type_=Uuid())
_COMMUNITY = bindparam("community_id", type_=Uuid())
_BUILDING = bindparam("building_id", type_=Uuid())
_FLOOR = bindparam("floor", type_=Integer())

_SAMPLED = exists().where(
    SampleRegistration.round_id == _ROUND, SampleRegistration.person_id == Person.id
)
_ARRANGED = exists().where(
    RoundArrangement.community_id == _COMMUNITY,
    RoundArrangement.round_id == _ROUND,
    RoundArrangement.person_id == Person.id,
)
_PEOPLE = DriverSelect(
    select(
        Household.building_id,
        Household.floor,
        Household.id,
        Household.room,
        Person.id,
        Person.name,
        _SAMPLED,
    )
    .join(Household, Household.id == Person.household_id)
    .where(
        Person.community_id == _COMMUNITY,
        Household.community_id == _COMMUNITY,
        or_(_BUILDING.is_(None), Household.building_id == _BUILDING),
        or_(_FLOOR.is_(None), Household.floor == _FLOOR),
        ~_ARRANGED,
    )
)
_KNOCKS = DriverSelect(
    select(
        HouseholdKnock.household_id,
        HouseholdKnock.outcome,
        HouseholdKnock.note,
        HouseholdKnock.knocked_at,
        HouseholdKnock.knocked_by,
    )
    .where(and_(HouseholdKnock.community_id == _COMMUNITY, HouseholdKnock.round_id == _ROUND))
    .order_by(HouseholdKnock.knocked_at, HouseholdKnock.id)
)
_BUILDINGS = DriverSelect(
    select(Building.id, Building.name).where(Building.community_id == _COMMUNITY)
)


async def last_knocks(
    session: AsyncSession, community_id: uuid.UUID, round_id: uuid.UUID
) -> dict[Any, dict[str, Any]]:
    knocks = await _KNOCKS.rows(session, community_id=community_id, round_id=round_id)
    return {
        household: {"outcome": outcome, "note": note, "knocked_at": at, "knocked_by": by}
        for household, outcome, note, at, by in knocks
    }


async def missing_list(
    session: AsyncSession,
    scope: Scope,
    community_id: uuid.UUID,
    round_id: uuid.UUID,
    building_id: uuid.UUID | None,
    floor: int | None,
) -> dict[str, Any]:
    rows = await _PEOPLE.rows(
        session,
        community_id=community_id,
        round_id=round_id,
        building_id=building_id,
        floor=floor,
    )
    knocks = await last_knocks(session, community_id, round_id)
    names = dict(await _BUILDINGS.rows(session, community_id=community_id))
    admitted: dict[tuple[Any, int], bool] | None = None if scope.building_ids is None else {}
    buildings: dict[Any, dict[str, Any]] = {}
    households: dict[Any, dict[str, Any]] = {}
    for b, fl, h, room, person_id, name, sampled in rows:
        if admitted is not None:
            allowed = admitted.get((b, fl))
            if allowed is None:
                allowed = scope.admits(community_id, uuid.UUID(str(b)), fl)
                admitted[(b, fl)] = allowed
            if not allowed:
                continue
        building = buildings.get(b)
        if building is None:
            building = buildings[b] = {
                "building_id": b,
                "name": names.get(b, ""),
                "expected": 0,
                "sampled": 0,
                "missing": 0,
                "floors": {},
            }
        building["expected"] += 1
        if sampled:
            building["sampled"] += 1
            continue
        building["missing"] += 1
        household = households.get(h)
        if household is None:
            household = households[h] = {
                "household_id": h,
                "room": room,
                "missing": [],
                "last_knock": knocks.get(h),
            }
            building["floors"].setdefault(fl, []).append(household)
        household["missing"].append({"person_id": person_id, "name": mask_name(name)})
    ordered = sorted(buildings.values(), key=lambda x: (x["name"], str(x["building_id"])))
    for building in ordered:
        floors = building["floors"]
        building["floors"] = [
            {"floor": fl, "households": sorted(floors[fl], key=lambda x: x["room"])}
            for fl in sorted(floors)
        ]
    return {"buildings": ordered}
