"""Disinfection schedules: staff set the times of day and the places (named places, some
buildings, or every building of the community); occurrences are computed from them when read."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.disinfections import repository
from registry.operations.disinfections.errors import DisinfectionScheduleNotFound
from registry.operations.disinfections.models import (
    BUILDING_KINDS,
    DisinfectionSchedule,
    DisinfectionSchedulePlace,
)
from registry.operations.disinfections.occurrences import Place, ScheduleView
from registry.operations.disinfections.schemas import (
    ScheduleCreate,
    ScheduleFields,
    SchedulePlaceRead,
    ScheduleRead,
)
from registry.residents.communities import repository as communities
from registry.residents.communities.errors import BuildingNotFound, CommunityNotFound
from registry.residents.communities.service import community_for
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams


async def building_labels(session: AsyncSession, community_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """Every building of the community by id, named as people say it: 东苑 1栋."""
    return {
        b.id: f"{compound} {b.name}"
        for b, compound in await communities.list_buildings(session, community_id)
    }


def _places(
    schedule: DisinfectionSchedule,
    rows: list[DisinfectionSchedulePlace],
    labels: dict[uuid.UUID, str],
) -> list[Place]:
    if schedule.place_kind not in BUILDING_KINDS:
        return [Place(None, r.place) for r in rows]
    ids = list(labels) if schedule.all_buildings else [r.building_id for r in rows]
    return sorted((Place(b, labels.get(b, "")) for b in ids if b is not None), key=lambda p: p.name)


def _read(schedule: DisinfectionSchedule, places: list[Place]) -> ScheduleRead:
    return ScheduleRead(
        id=schedule.id,
        community_id=schedule.community_id,
        name=schedule.name,
        place_kind=schedule.place_kind,
        times=schedule.times,
        all_buildings=schedule.all_buildings,
        places=[SchedulePlaceRead(building_id=p.building_id, place=p.name) for p in places],
        grace_minutes=schedule.grace_minutes,
        active=schedule.active,
        effective_from=schedule.effective_from,
        created_by=schedule.created_by,
        created_at=schedule.created_at,
    )


async def schedule_views(session: AsyncSession, community_id: uuid.UUID) -> list[ScheduleView]:
    """The community's active schedules with their places resolved."""
    _, schedules = await repository.list_schedules(session, [community_id], active_only=True)
    if not schedules:
        return []
    rows = await repository.places_of(session, [s.id for s in schedules])
    labels = await building_labels(session, community_id)
    return [
        ScheduleView(
            id=s.id,
            name=s.name,
            place_kind=s.place_kind,
            times=s.times,
            places=_places(s, rows[s.id], labels),
            grace=timedelta(minutes=s.grace_minutes),
            effective_from=s.effective_from,
        )
        for s in schedules
    ]


async def _check_buildings(
    session: AsyncSession, community_id: uuid.UUID, fields: ScheduleFields
) -> dict[uuid.UUID, str]:
    labels = await building_labels(session, community_id)
    if any(b not in labels for b in fields.building_ids):
        raise BuildingNotFound("a building of the schedule is not in its community")
    return labels


def _add_places(session: AsyncSession, schedule_id: uuid.UUID, fields: ScheduleFields) -> None:
    for building_id in fields.building_ids:
        repository.add(
            session, DisinfectionSchedulePlace(schedule_id=schedule_id, building_id=building_id)
        )
    for name in fields.places:
        repository.add(session, DisinfectionSchedulePlace(schedule_id=schedule_id, place=name))


async def create_schedule(
    session: AsyncSession, principal: Principal, body: ScheduleCreate
) -> ScheduleRead:
    """Occurrences are due from its creation on: none is overdue the moment it is made."""
    community_id = community_for(principal, body.community_id)
    if await communities.get_community(session, community_id) is None:
        raise CommunityNotFound()
    await _check_buildings(session, community_id, body)
    now = utc_now()
    schedule = DisinfectionSchedule(
        id=uuid.uuid4(),
        community_id=community_id,
        name=body.name,
        place_kind=body.place_kind,
        times=body.times,
        all_buildings=body.all_buildings,
        grace_minutes=body.grace_minutes,
        active=body.active,
        effective_from=now,
        created_by=principal.subject,
        created_at=now,
        updated_by=principal.subject,
        updated_at=now,
    )
    repository.add(session, schedule)
    await session.flush()
    _add_places(session, schedule.id, body)
    await session.commit()
    return await get_schedule(session, principal, schedule.id)


async def _visible(
    session: AsyncSession, principal: Principal, schedule_id: uuid.UUID
) -> DisinfectionSchedule:
    schedule = await repository.get_schedule(session, schedule_id)
    if schedule is None or not principal.in_community(schedule.community_id):
        raise DisinfectionScheduleNotFound()
    return schedule


async def get_schedule(
    session: AsyncSession, principal: Principal, schedule_id: uuid.UUID
) -> ScheduleRead:
    schedule = await _visible(session, principal, schedule_id)
    rows = await repository.places_of(session, [schedule.id])
    labels = await building_labels(session, schedule.community_id)
    return _read(schedule, _places(schedule, rows[schedule.id], labels))


async def list_schedules(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    active_only: bool,
    page: PageParams,
) -> Page[ScheduleRead]:
    if community_id is not None:
        only: list[uuid.UUID] | None = (
            [community_id] if principal.in_community(community_id) else []
        )
    else:
        only = None if principal.role == Role.admin else list(principal.community_ids)
    total, schedules = await repository.list_schedules(
        session, only, active_only, page.limit, page.offset
    )
    rows = await repository.places_of(session, [s.id for s in schedules])
    labels: dict[uuid.UUID, dict[uuid.UUID, str]] = {}
    items = []
    for s in schedules:
        if s.community_id not in labels:
            labels[s.community_id] = await building_labels(session, s.community_id)
        items.append(_read(s, _places(s, rows[s.id], labels[s.community_id])))
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


async def replace_schedule(
    session: AsyncSession, principal: Principal, schedule_id: uuid.UUID, body: ScheduleFields
) -> ScheduleRead:
    """A change of times or places applies from now on: earlier occurrences are not re-judged
    against times that did not hold then."""
    schedule = await _visible(session, principal, schedule_id)
    await _check_buildings(session, schedule.community_id, body)
    rows = (await repository.places_of(session, [schedule.id]))[schedule.id]
    before = (
        schedule.place_kind,
        list(schedule.times),
        schedule.all_buildings,
        sorted(str(r.building_id) for r in rows if r.building_id),
        sorted(r.place for r in rows if not r.building_id),
    )
    after = (
        body.place_kind,
        body.times,
        body.all_buildings,
        sorted(str(b) for b in body.building_ids),
        sorted(body.places),
    )
    now = utc_now()
    if before != after:
        schedule.effective_from = now
    schedule.name = body.name
    schedule.place_kind = body.place_kind
    schedule.times = body.times
    schedule.all_buildings = body.all_buildings
    schedule.grace_minutes = body.grace_minutes
    schedule.active = body.active
    schedule.updated_by = principal.subject
    schedule.updated_at = now
    await repository.clear_places(session, schedule.id)
    _add_places(session, schedule.id, body)
    await session.commit()
    return await get_schedule(session, principal, schedule.id)


async def delete_schedule(
    session: AsyncSession, principal: Principal, schedule_id: uuid.UUID
) -> None:
    """Its records stay: they are facts of work done, not parts of the schedule."""
    schedule = await _visible(session, principal, schedule_id)
    await repository.delete_schedule(session, schedule)
    await session.commit()
