"""Queries of people and their search keys."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Select, Table, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.assignments.area import FloorRange, in_area
from registry.residents.communities.models import Building, Community, Compound
from registry.residents.households.models import Household
from registry.residents.people.models import Person, PersonSearchKey
from registry.residents.people.search_keys import search_keys
from shouhu_common.database import bulk_insert


@dataclass(frozen=True, slots=True)
class PersonFilter:
    community_ids: Sequence[uuid.UUID] | None
    building_ids: Sequence[uuid.UUID] | None = None  # a grid worker's buildings
    floors: Sequence[FloorRange] = ()  # and floors of other buildings
    building_id: uuid.UUID | None = None
    unit: int | None = None
    room: str | None = None
    household_id: uuid.UUID | None = None
    id_number_hash: str | None = None
    phone_hash: str | None = None

    @property
    def needs_household(self) -> bool:
        return any(
            v is not None for v in (self.building_ids, self.building_id, self.unit, self.room)
        )


@dataclass(frozen=True, slots=True)
class PersonRow:
    person: Person
    building_id: uuid.UUID
    unit: int
    room: str
    building_name: str
    compound_name: str
    floor: int = 0


def _rows() -> Select[Any]:
    return (
        select(Person, Household.building_id, Household.unit, Household.room)
        .add_columns(Building.name, Compound.name, Household.floor)
        .join(Household, Household.id == Person.household_id)
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
    )


def _row(r: Any) -> PersonRow:
    return PersonRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6])


def _where_person(query: Select[Any], flt: PersonFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(Person.community_id.in_(flt.community_ids))
    if flt.household_id is not None:
        query = query.where(Person.household_id == flt.household_id)
    if flt.id_number_hash is not None:
        query = query.where(Person.id_number_hash == flt.id_number_hash)
    if flt.phone_hash is not None:
        query = query.where(Person.phone_hash == flt.phone_hash)
    return query


def _where_household(query: Select[Any], flt: PersonFilter) -> Select[Any]:
    if flt.building_ids is not None:
        query = query.where(in_area(flt.building_ids, flt.floors))
    if flt.building_id is not None:
        query = query.where(Household.building_id == flt.building_id)
    if flt.unit is not None:
        query = query.where(Household.unit == flt.unit)
    if flt.room is not None:
        query = query.where(Household.room == flt.room)
    return query


async def count_people(session: AsyncSession, flt: PersonFilter) -> int:
    query = _where_person(select(func.count(Person.id)), flt)
    if flt.needs_household:
        query = _where_household(query.join(Household, Household.id == Person.household_id), flt)
    return int((await session.execute(query)).scalar_one())


async def list_people(
    session: AsyncSession, flt: PersonFilter, limit: int, offset: int
) -> list[PersonRow]:
    query = _where_household(_where_person(_rows(), flt), flt)
    query = query.order_by(Person.name, Person.id).limit(limit).offset(offset)
    return [_row(r) for r in (await session.execute(query)).all()]


def _after(prefix: str) -> str:
    """The least string above every string that starts with `prefix` (code-point order)."""
    last = ord(prefix[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:
        last = 0xE000
    return prefix[:-1] + chr(last)


async def search_window(
    session: AsyncSession, flt: PersonFilter, prefix: str, window: int
) -> tuple[list[uuid.UUID], bool]:
    """People with a search key starting with `prefix`, in key order, at most `window` keys
    read: an index range scan of (community_id, key) that costs the same on 1,000 or
    1,000,000 people. Returns the distinct people and whether the window was filled."""
    key = PersonSearchKey
    query = select(key.person_id).where(key.key >= prefix, key.key < _after(prefix))
    if flt.community_ids is not None:
        query = query.where(key.community_id.in_(flt.community_ids))
    if flt.needs_household or flt.household_id is not None:
        query = query.join(Person, Person.id == key.person_id)
        query = query.join(Household, Household.id == Person.household_id)
        query = _where_household(_where_person(query, flt), flt)
    query = query.order_by(key.key, key.person_id).limit(window)
    found = list((await session.scalars(query)).all())
    return list(dict.fromkeys(found)), len(found) >= window


async def names_of(session: AsyncSession, person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    names: dict[uuid.UUID, str] = {}
    for chunk in _id_chunks(person_ids):
        rows = await session.execute(select(Person.id, Person.name).where(Person.id.in_(chunk)))
        names.update((person_id, name) for person_id, name in rows.all())
    return names


def _id_chunks(ids: Sequence[uuid.UUID], size: int = 500) -> list[Sequence[uuid.UUID]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


async def people_rows(session: AsyncSession, person_ids: Sequence[uuid.UUID]) -> list[PersonRow]:
    """The rows of `person_ids`, in that order."""
    if not person_ids:
        return []
    rows = {
        r.person.id: r
        for r in map(_row, await session.execute(_rows().where(Person.id.in_(person_ids))))
    }
    return [rows[i] for i in person_ids if i in rows]


async def get_person_row(session: AsyncSession, person_id: uuid.UUID) -> PersonRow | None:
    row = (await session.execute(_rows().where(Person.id == person_id))).first()
    return _row(row) if row else None


async def get_person(session: AsyncSession, person_id: uuid.UUID) -> Person | None:
    return await session.get(Person, person_id)


async def person_with_id_number(session: AsyncSession, id_number_hash: str) -> Person | None:
    query = select(Person).where(Person.id_number_hash == id_number_hash)
    return (await session.scalars(query)).first()


async def all_community_ids(session: AsyncSession) -> list[uuid.UUID]:
    return list((await session.scalars(select(Community.id))).all())


def add_person(session: AsyncSession, person: Person) -> None:
    session.add(person)


async def write_search_keys(
    session: AsyncSession, rows: Sequence[tuple[uuid.UUID, uuid.UUID, str]]
) -> None:
    """(person_id, community_id, name) → the person's keys, replacing any they had."""
    await delete_search_keys(session, [person_id for person_id, _, _ in rows])
    await insert_search_keys(session, rows)


async def insert_search_keys(
    session: AsyncSession, rows: Sequence[tuple[uuid.UUID, uuid.UUID, str]]
) -> None:
    """Keys of people who have none yet (new people), in key order (B-tree friendly), through
    the driver's own executemany: an import writes ~6 keys per person, and SQLAlchemy's
    per-parameter processing would cost more than the database does."""
    # Hex strings, not UUID objects: sorting ~600,000 rows stays in C (asyncpg takes hex too).
    keys: list[tuple[str, str, str]] = []
    for person_id, community_id, name in rows:
        community, person = community_id.hex, person_id.hex
        keys.extend((community, key, person) for key in search_keys(name))
    keys.sort(key=itemgetter(1))  # key order: appends to the index, not writes all over it
    if not keys:
        return
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        columns = ("community_id", "key", "person_id")
        await bulk_insert(session, _key_table(), [dict(zip(columns, k, strict=True)) for k in keys])
        return
    await connection.exec_driver_sql(  # SQLite: the Uuid type stores 32 hex digits
        "INSERT INTO person_search_key (community_id, key, person_id) VALUES (?, ?, ?)", keys
    )


def _key_table() -> Table:
    table = PersonSearchKey.__table__
    assert isinstance(table, Table)
    return table


async def delete_search_keys(session: AsyncSession, person_ids: Sequence[uuid.UUID]) -> None:
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start : start + 500]
        await session.execute(delete(PersonSearchKey).where(PersonSearchKey.person_id.in_(chunk)))


async def delete_person(session: AsyncSession, person: Person) -> None:
    await delete_search_keys(session, [person.id])
    await session.delete(person)
