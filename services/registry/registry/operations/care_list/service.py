"""The care list: built from the registry, added to by hand, checked on at a cadence by a named
worker; "needs help", or "no answer" twice in a row, raises a task for staff."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.care_list import repository
from registry.operations.care_list.errors import (
    CareEntryNotFound,
    CarePersonNotFound,
)
from registry.operations.care_list.models import (
    CareCategory,
    CareEntry,
    CareNeed,
)
from registry.operations.care_list.repository import Candidate, EntryRow
from registry.operations.care_list.schemas import (
    CareEntryChange,
    CareEntryCreate,
    CareEntryRead,
    CareListBuilt,
)
from registry.operations.workers.service import workers_of_account
from registry.residents.assignments.scope import Scope, scope_of
from registry.residents.communities.errors import CommunityNotFound
from registry.residents.communities.repository import get_community
from registry.residents.households.models import Household
from registry.residents.people.ages import age_on
from registry.residents.people.models import Person
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams
from shouhu_common.pii import mask_name

ELDERLY_AGE = 60
SHUT_IN = ("home_quarantine", "sealed")


async def zone_of(session: AsyncSession, community_id: uuid.UUID) -> ZoneInfo:
    community = await get_community(session, community_id)
    if community is None:
        raise CommunityNotFound()
    return ZoneInfo(community.timezone)


def categories_of(person: Candidate, today: date) -> list[CareCategory]:
    age = age_on(person.birth_date, today)
    found = []
    if person.lives_alone and person.household_status in SHUT_IN:
        found.append(CareCategory.quarantined_alone)
    if person.lives_alone and age is not None and age >= ELDERLY_AGE:
        found.append(CareCategory.elderly_alone)
    if person.disability:
        found.append(CareCategory.disability)
    if person.chronic_illness:
        found.append(CareCategory.chronic_illness)
    if person.pregnant:
        found.append(CareCategory.pregnant)
    return found


def _joined(values: list[str]) -> str:
    return ",".join(values)


def _split(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


async def build(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID
) -> CareListBuilt:
    """Adds everyone the registry marks and updates the categories of those listed; never takes
    anyone off (a worker does, with `active: false`), and keeps what was added by hand."""
    if not principal.in_community(community_id):
        raise CommunityNotFound()
    today = datetime.now(await zone_of(session, community_id)).date()
    born_before = date(today.year - ELDERLY_AGE, today.month, min(today.day, 28))
    found = await repository.candidates(session, community_id, born_before)
    listed = await repository.entries_of(session, community_id, [c.person_id for c in found])
    added = updated = 0
    for person in found:
        categories = [c.value for c in categories_of(person, today)]
        entry = listed.get(person.person_id)
        if entry is None:
            session.add(
                CareEntry(
                    community_id=community_id,
                    person_id=person.person_id,
                    household_id=person.household_id,
                    building_id=person.building_id,
                    floor=person.floor,
                    categories=_joined(categories),
                    created_by=principal.subject,
                )
            )
            added += 1
            continue
        by_hand = [c for c in _split(entry.categories) if c == CareCategory.other]
        if _split(entry.categories) != categories + by_hand:
            entry.categories = _joined(categories + by_hand)
            updated += 1
    await session.commit()
    total = await repository.count_entries(
        session, [CareEntry.community_id == community_id, CareEntry.active.is_(True)]
    )
    return CareListBuilt(added=added, updated=updated, listed=total)


def due_on(entry: CareEntry, last: datetime | None, zone: ZoneInfo) -> date | None:
    if not entry.active:
        return None
    if last is None:
        return entry.created_at.astimezone(zone).date()
    return last.astimezone(zone).date() + timedelta(days=entry.cadence_days)


def read_entry(row: EntryRow, zone: ZoneInfo, today: date) -> CareEntryRead:
    e = row.entry
    return CareEntryRead(
        id=e.id,
        community_id=e.community_id,
        person_id=e.person_id,
        name=mask_name(row.name),
        age=age_on(row.birth_date, today),
        household_id=e.household_id,
        building_id=e.building_id,
        address=row.address,
        categories=[CareCategory(c) for c in _split(e.categories)],
        reason=e.reason,
        cadence_days=e.cadence_days,
        way=e.way,
        needs=[CareNeed(n) for n in _split(e.needs)],
        responsible_worker_id=e.responsible_worker_id,
        active=e.active,
        escalated_at=e.escalated_at,
        last_check_in_at=row.last_check_in_at,
        last_outcome=row.last_outcome,
        due_on=due_on(e, row.last_check_in_at, zone),
    )


def _in_scope(scope: Scope) -> list[ColumnElement[bool]]:
    return [scope.households()]


async def visible_row(session: AsyncSession, principal: Principal, entry_id: uuid.UUID) -> EntryRow:
    row = await repository.get_entry_row(session, entry_id)
    scope = await scope_of(session, principal)
    if row is None or not scope.admits(
        row.entry.community_id, row.entry.building_id, row.entry.floor
    ):
        raise CareEntryNotFound()
    return row


async def add_entry(
    session: AsyncSession, principal: Principal, body: CareEntryCreate
) -> CareEntryRead:
    """A person added by hand (category `other`, with the reason); one already listed gets the
    reason and is made active again."""
    place = (
        await session.execute(
            select(Person.community_id, Person.household_id, Household.building_id, Household.floor)
            .join(Household, Household.id == Person.household_id)
            .where(Person.id == body.person_id)
        )
    ).one_or_none()
    scope = await scope_of(session, principal)
    if place is None or not scope.admits(place[0], place[2], place[3]):
        raise CarePersonNotFound()
    community_id, household_id, building_id, floor = place
    entry = (await repository.entries_of(session, community_id, [body.person_id])).get(
        body.person_id
    )
    if entry is None:
        entry = CareEntry(
            community_id=community_id,
            person_id=body.person_id,
            household_id=household_id,
            building_id=building_id,
            floor=floor,
            categories="",
            created_by=principal.subject,
        )
        session.add(entry)
    if CareCategory.other not in _split(entry.categories):
        entry.categories = _joined([*_split(entry.categories), CareCategory.other])
    entry.reason = body.reason
    entry.cadence_days = body.cadence_days
    entry.way = body.way
    entry.needs = _joined([n.value for n in body.needs])
    entry.responsible_worker_id = body.responsible_worker_id
    entry.active = True
    try:
        await session.commit()
    except IntegrityError:  # the same person added twice at once, or an unknown worker
        await session.rollback()
        raise CarePersonNotFound("the person or the responsible worker is unknown") from None
    return await get_entry(session, principal, entry.id)


async def get_entry(
    session: AsyncSession, principal: Principal, entry_id: uuid.UUID
) -> CareEntryRead:
    row = await visible_row(session, principal, entry_id)
    zone = await zone_of(session, row.entry.community_id)
    return read_entry(row, zone, datetime.now(zone).date())


async def change_entry(
    session: AsyncSession, principal: Principal, entry_id: uuid.UUID, body: CareEntryChange
) -> CareEntryRead:
    row = await visible_row(session, principal, entry_id)
    entry = row.entry
    for name in ("cadence_days", "way", "responsible_worker_id", "active"):
        if name in body.model_fields_set and getattr(body, name) is not None:
            setattr(entry, name, getattr(body, name))
    if "responsible_worker_id" in body.model_fields_set and body.responsible_worker_id is None:
        entry.responsible_worker_id = None
    if body.needs is not None:
        entry.needs = _joined([n.value for n in body.needs])
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise CareEntryNotFound("no such responsible worker") from None
    return await get_entry(session, principal, entry_id)


async def list_entries(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    *,
    due_only: bool,
    mine: bool,
    escalated: bool | None,
    page: PageParams,
) -> Page[CareEntryRead]:
    """Entries in the caller's area by building and floor. `due_only`: active ones due today or
    overdue (the worker's list for the day); `mine`: those the caller is responsible for."""
    scope = (await scope_of(session, principal)).narrowed_to(community_id)
    where = _in_scope(scope)
    if mine:
        workers = [w.id for w in await workers_of_account(session, principal)]
        where.append(CareEntry.responsible_worker_id.in_(workers))
    if escalated is not None:
        where.append(
            CareEntry.escalated_at.is_not(None) if escalated else CareEntry.escalated_at.is_(None)
        )
    if due_only:
        where.append(CareEntry.active.is_(True))
    zones: dict[uuid.UUID, ZoneInfo] = {}
    if due_only:  # due is computed per entry: read the area, then page the due ones
        rows = await repository.list_entries(session, where)
        items = [await _read(session, zones, r) for r in rows]
        due = [i for i in items if i.due_on is not None and i.due_on <= _today(zones, i)]
        return Page(
            items=due[page.offset : page.offset + page.limit],
            total=len(due),
            limit=page.limit,
            offset=page.offset,
        )
    total = await repository.count_entries(session, where)
    rows = await repository.list_entries(session, where, page.limit, page.offset)
    return Page(
        items=[await _read(session, zones, r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


async def _read(
    session: AsyncSession, zones: dict[uuid.UUID, ZoneInfo], row: EntryRow
) -> CareEntryRead:
    community_id = row.entry.community_id
    if community_id not in zones:
        zones[community_id] = await zone_of(session, community_id)
    zone = zones[community_id]
    return read_entry(row, zone, datetime.now(zone).date())


def _today(zones: dict[uuid.UUID, ZoneInfo], item: CareEntryRead) -> date:
    return datetime.now(zones[item.community_id]).date()
