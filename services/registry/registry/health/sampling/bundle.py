"""What a sampler's phone keeps offline for a round: the round, its points, every household of
the community with its members (masked names, birth year, arrangement) and the passes, whose QR
names the household (and the person, for a personal pass) the sampler scans.

Passes belong to the access context, which health may not import: they are read here as a plain
table (`access_pass`: id, household_id, person_id, community_id, status, valid dates).

The ETag is a digest of the body: a phone that holds the current bundle is answered 304 and
downloads nothing (the registry still reads the rows: samplers fetch a bundle a few times a
round, not every few seconds as gates do).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Uuid, bindparam, column, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.testing_rounds.models import (
    RoundArrangement,
    SamplingPoint,
    TestingRound,
)
from registry.residents.communities.models import Building
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from shouhu_common.database import UTCDateTime
from shouhu_common.driver_reads import DriverSelect
from shouhu_common.pii import mask_name

_COMMUNITY = bindparam("community_id", type_=Uuid())
_ROUND = bindparam("round_id", type_=Uuid())
_NOW = bindparam("now", type_=UTCDateTime())

ACCESS_PASS = table(
    "access_pass",
    column("id", Uuid()),
    column("community_id", Uuid()),
    column("household_id", Uuid()),
    column("person_id", Uuid()),
    column("status"),
    column("valid_from", UTCDateTime()),
    column("valid_until", UTCDateTime()),
)

_HOUSEHOLDS = DriverSelect(
    select(
        Household.id,
        Household.building_id,
        Building.name,
        Household.floor,
        Household.room,
        Household.card_number,
    )
    .join(Building, Building.id == Household.building_id)
    .where(Household.community_id == _COMMUNITY)
    .order_by(Building.name, Household.floor, Household.room, Household.id)
)
_PEOPLE = DriverSelect(
    select(Person.household_id, Person.id, Person.name, Person.birth_date)
    .where(Person.community_id == _COMMUNITY)
    .order_by(Person.household_id, Person.id)
)
_ARRANGEMENTS = DriverSelect(
    select(RoundArrangement.person_id, RoundArrangement.arrangement).where(
        RoundArrangement.community_id == _COMMUNITY, RoundArrangement.round_id == _ROUND
    )
)
_PASSES = DriverSelect(
    select(ACCESS_PASS.c.id, ACCESS_PASS.c.household_id, ACCESS_PASS.c.person_id)
    .where(
        ACCESS_PASS.c.community_id == _COMMUNITY,
        ACCESS_PASS.c.status == "active",
        ACCESS_PASS.c.valid_from <= _NOW,
        ACCESS_PASS.c.valid_until > _NOW,
    )
    .order_by(ACCESS_PASS.c.household_id, ACCESS_PASS.c.id)
)


async def read_bundle(
    session: AsyncSession, rnd: TestingRound, points: list[SamplingPoint], now: datetime
) -> dict[str, Any]:
    community = rnd.community_id
    arranged = dict(await _ARRANGEMENTS.rows(session, community_id=community, round_id=rnd.id))
    members: dict[Any, list[dict[str, Any]]] = {}
    for household, person, name, born in await _PEOPLE.rows(session, community_id=community):
        members.setdefault(household, []).append(
            {
                "person_id": person,
                "name": mask_name(name),
                "birth_year": born.year if born else None,
                "arrangement": arranged.get(person),
            }
        )
    households = [
        {
            "household_id": h,
            "building_id": b,
            "building_name": building,
            "floor": floor,
            "room": room,
            "card_number": card,
            "members": members.get(h, []),
        }
        for h, b, building, floor, room, card in await _HOUSEHOLDS.rows(
            session, community_id=community
        )
    ]
    passes = [
        {"pass_id": p, "household_id": h, "person_id": person}
        for p, h, person in await _PASSES.rows(session, community_id=community, now=now)
    ]
    return {
        "round": {
            "id": rnd.id,
            "community_id": community,
            "pool_size": rnd.pool_size,
            "status": rnd.status,
        },
        "points": [
            {
                "id": p.id,
                "name": p.name,
                "place": p.place,
                "opens_at": p.opens_at.strftime("%H:%M"),
                "closes_at": p.closes_at.strftime("%H:%M"),
                "tables": p.tables,
            }
            for p in points
        ],
        "households": households,
        "passes": passes,
    }


def encoded(bundle: dict[str, Any]) -> tuple[bytes, str]:
    """The body and its ETag."""
    body = orjson.dumps(bundle, default=str, option=orjson.OPT_UTC_Z)
    digest = hashlib.blake2b(body, digest_size=12).digest()
    return body, f'W/"{base64.urlsafe_b64encode(digest).decode("ascii")}"'
