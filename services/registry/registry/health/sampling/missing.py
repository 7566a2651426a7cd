"""Who is still missing in a round, by building and floor, with each household's last knock.

Kept per round in the registry process (the whole community's people in one read answered each
list in 60–145 ms of CPU on a 12,500-people community):

- who is expected: the community's people by building, floor and household, less those
  excluded or on the home-sampling list, with masked names, ordered as the list is. Read again
  when a cheap version of it changes (the community's people and households: count, last
  created / updated; the round's arrangements: count, last created; the buildings: count), and
  at the latest after `EXPECTED_TTL_S` (a person renamed, or moved between households of the
  community, shows within that time, whichever replica wrote it). The version itself (9 ms of
  SQLite on a 12,500-people community, more than the rest of a list) is asked at most every
  `VERSION_CHECK_S`: a person added or arranged shows within a second.
- who is sampled: the round's registrations (id → person), kept up to date by this replica's
  own batches as they commit (`note_stored`), and read again whole whenever their count (an
  index-only count) differs from the number held, so a batch stored through another replica
  shows at once too. Registrations are never edited, only purged with their round, so an equal
  count means the same rows.

Each list is then one pass in Python over the expected people, the building and floor asked
and a grid worker's area applied on the way. Knocks are few: all the round's are read and the
last per household kept.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Uuid, and_, bindparam, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.sampling.models import HouseholdKnock, SampleRegistration
from registry.health.testing_rounds.models import RoundArrangement
from registry.residents.assignments.scope import Scope
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from shouhu_common.driver_reads import DriverSelect
from shouhu_common.pii import mask_name

EXPECTED_TTL_S = 30.0  # a rebuild is ~50 ms: once in ~750 lists at a busy sampling point's pace
VERSION_CHECK_S = 1.0
ROUNDS_KEPT = 16

_ROUND = bindparam("round_id", type_=Uuid())
_COMMUNITY = bindparam("community_id", type_=Uuid())

_ARRANGED = exists().where(
    RoundArrangement.community_id == _COMMUNITY,
    RoundArrangement.round_id == _ROUND,
    RoundArrangement.person_id == Person.id,
)
_EXPECTED = DriverSelect(
    select(
        Household.building_id,
        Household.floor,
        Household.id,
        Household.room,
        Person.id,
        Person.name,
    )
    .join(Household, Household.id == Person.household_id)
    .where(Person.community_id == _COMMUNITY, Household.community_id == _COMMUNITY, ~_ARRANGED)
)
_VERSION = DriverSelect(
    select(
        *(
            select(aggregate).where(where).scalar_subquery()
            for where, aggregates in (
                (Person.community_id == _COMMUNITY, (func.count(), func.max(Person.created_at))),
                (
                    Household.community_id == _COMMUNITY,
                    (func.count(), func.max(Household.updated_at), func.max(Household.created_at)),
                ),
                (
                    RoundArrangement.round_id == _ROUND,
                    (func.count(), func.max(RoundArrangement.created_at)),
                ),
                (Building.community_id == _COMMUNITY, (func.count(), func.max(Building.name))),
            )
            for aggregate in aggregates
        )
    )
)
_SAMPLED_COUNT = DriverSelect(
    select(func.count())
    .select_from(SampleRegistration)
    .where(SampleRegistration.round_id == _ROUND)
)
_SAMPLED = DriverSelect(
    select(SampleRegistration.id, SampleRegistration.person_id).where(
        SampleRegistration.round_id == _ROUND
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
_BUILDINGS = DriverSelect(  # "东苑 1栋": a community may have a 1栋 in two compounds
    select(Building.id, Compound.name + " " + Building.name)
    .join(Compound, Compound.id == Building.compound_id)
    .where(Building.community_id == _COMMUNITY)
)

Members = list[tuple[Any, str]]  # (person id, masked name)
Floors = list[tuple[int, list[tuple[Any, str, Members]]]]  # floor → (household, room, members)


@dataclass(slots=True)
class _Expected:
    version: tuple[Any, ...]
    read_at: float
    checked_at: float
    buildings: list[tuple[Any, str, Floors]]  # (building id, name, floors), in the list's order


@dataclass(slots=True)
class _Sampled:
    registrations: set[str]
    people: set[str]


_expected: OrderedDict[tuple[uuid.UUID, uuid.UUID], _Expected] = OrderedDict()
_sampled: OrderedDict[uuid.UUID, _Sampled] = OrderedDict()


def _keep(cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > ROUNDS_KEPT:
        cache.popitem(last=False)


async def _expected_people(
    session: AsyncSession, community_id: uuid.UUID, round_id: uuid.UUID
) -> _Expected:
    key = (community_id, round_id)
    params = {"community_id": community_id, "round_id": round_id}
    held = _expected.get(key)
    now = time.monotonic()
    fresh = held is not None and now - held.read_at < EXPECTED_TTL_S
    if held is not None and fresh and now - held.checked_at < VERSION_CHECK_S:
        return held
    version = tuple(await _VERSION.first(session, **params) or ())
    if held is not None and fresh and held.version == version:
        held.checked_at = now
        return held
    names = dict(await _BUILDINGS.rows(session, community_id=community_id))
    grouped: dict[Any, dict[int, dict[Any, tuple[Any, str, Members]]]] = {}
    for b, fl, h, room, person_id, name in await _EXPECTED.rows(session, **params):
        households = grouped.setdefault(b, {}).setdefault(fl, {})
        household = households.get(h)
        if household is None:
            household = households[h] = (h, room, [])
        household[2].append((str(person_id), mask_name(name)))
    buildings = [
        (
            b,
            names.get(b, ""),
            [(fl, sorted(floors[fl].values(), key=lambda x: x[1])) for fl in sorted(floors)],
        )
        for b, floors in grouped.items()
    ]
    buildings.sort(key=lambda x: (x[1], str(x[0])))
    held = _Expected(version, now, now, buildings)
    _keep(_expected, key, held)
    return held


async def _sampled_people(session: AsyncSession, round_id: uuid.UUID) -> set[str]:
    found = await _SAMPLED_COUNT.first(session, round_id=round_id)
    count = int(found[0]) if found else 0
    held = _sampled.get(round_id)
    if held is not None and len(held.registrations) == count:
        return held.people
    rows = await _SAMPLED.rows(session, round_id=round_id)
    held = _Sampled({str(r[0]) for r in rows}, {str(r[1]) for r in rows})
    _keep(_sampled, round_id, held)
    return held.people


def note_stored(round_id: uuid.UUID, registrations: list[dict[str, Any]]) -> None:
    """A batch this replica committed: its registrations join the round's held ones (once: the
    held ones may have been read after the commit already)."""
    held = _sampled.get(round_id)
    if held is None:
        return
    for registration in registrations:
        held.registrations.add(str(registration["id"]))
        held.people.add(str(registration["person_id"]))


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
    expected = await _expected_people(session, community_id, round_id)
    sampled = await _sampled_people(session, round_id)
    knocks = await last_knocks(session, community_id, round_id)
    asked = None if building_id is None else str(building_id)
    everywhere = scope.building_ids is None
    out = []
    for b, name, floors in expected.buildings:
        if asked is not None and str(b) != asked:
            continue
        counted = missed = 0
        listed = []
        for fl, households in floors:
            if floor is not None and fl != floor:
                continue
            if not everywhere and not scope.admits(community_id, uuid.UUID(str(b)), fl):
                continue
            shown = []
            for h, room, members in households:
                counted += len(members)
                missing = [
                    {"person_id": p, "name": masked} for p, masked in members if p not in sampled
                ]
                if missing:
                    missed += len(missing)
                    shown.append(
                        {
                            "household_id": h,
                            "room": room,
                            "missing": missing,
                            "last_knock": knocks.get(h),
                        }
                    )
            if shown:
                listed.append({"floor": fl, "households": shown})
        if counted:
            out.append(
                {
                    "building_id": b,
                    "name": name,
                    "expected": counted,
                    "sampled": counted - missed,
                    "missing": missed,
                    "floors": listed,
                }
            )
    return {"buildings": out}
