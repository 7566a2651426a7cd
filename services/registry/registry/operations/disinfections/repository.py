"""Queries of disinfection records and schedules."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.disinfections.models import (
    DisinfectionRecord,
    DisinfectionSchedule,
    DisinfectionSchedulePlace,
    PlaceKind,
)


@dataclass(frozen=True, slots=True)
class RecordFilter:
    community_ids: Sequence[uuid.UUID] | None  # None: every community
    place_kind: PlaceKind | None = None
    building_id: uuid.UUID | None = None
    since: datetime | None = None
    until: datetime | None = None


def _filtered(query: Select[Any], flt: RecordFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(DisinfectionRecord.community_id.in_(flt.community_ids))
    if flt.place_kind is not None:
        query = query.where(DisinfectionRecord.place_kind == flt.place_kind)
    if flt.building_id is not None:
        query = query.where(DisinfectionRecord.building_id == flt.building_id)
    if flt.since is not None:
        query = query.where(DisinfectionRecord.done_at >= flt.since)
    if flt.until is not None:
        query = query.where(DisinfectionRecord.done_at < flt.until)
    return query


async def list_records(
    session: AsyncSession, flt: RecordFilter, limit: int, offset: int
) -> tuple[int, Sequence[DisinfectionRecord]]:
    count = _filtered(select(func.count(DisinfectionRecord.id)), flt)
    total = int((await session.execute(count)).scalar_one())
    query = _filtered(select(DisinfectionRecord), flt).order_by(
        DisinfectionRecord.done_at.desc(), DisinfectionRecord.id
    )
    return total, (await session.scalars(query.limit(limit).offset(offset))).all()


async def records_between(
    session: AsyncSession, community_id: uuid.UUID, start: datetime, end: datetime
) -> Sequence[tuple[uuid.UUID, PlaceKind, uuid.UUID | None, str, datetime]]:
    """(id, place kind, building, place, done at) of the community's records in [start, end)."""
    query = select(
        DisinfectionRecord.id,
        DisinfectionRecord.place_kind,
        DisinfectionRecord.building_id,
        DisinfectionRecord.place,
        DisinfectionRecord.done_at,
    ).where(
        DisinfectionRecord.community_id == community_id,
        DisinfectionRecord.done_at >= start,
        DisinfectionRecord.done_at < end,
    )
    return [(r[0], PlaceKind(r[1]), r[2], r[3], r[4]) for r in (await session.execute(query))]


async def get_record(session: AsyncSession, record_id: uuid.UUID) -> DisinfectionRecord | None:
    return await session.get(DisinfectionRecord, record_id)


async def get_record_by_client_id(
    session: AsyncSession, client_id: uuid.UUID
) -> DisinfectionRecord | None:
    query = select(DisinfectionRecord).where(DisinfectionRecord.client_id == client_id)
    return (await session.scalars(query)).first()


async def get_schedule(
    session: AsyncSession, schedule_id: uuid.UUID
) -> DisinfectionSchedule | None:
    return await session.get(DisinfectionSchedule, schedule_id)


async def list_schedules(
    session: AsyncSession,
    community_ids: Sequence[uuid.UUID] | None,
    active_only: bool,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[int, Sequence[DisinfectionSchedule]]:
    where: list[ColumnElement[bool]] = []
    if community_ids is not None:
        where.append(DisinfectionSchedule.community_id.in_(community_ids))
    if active_only:
        where.append(DisinfectionSchedule.active.is_(True))
    count = select(func.count(DisinfectionSchedule.id)).where(*where)
    total = int((await session.execute(count)).scalar_one())
    query = (
        select(DisinfectionSchedule)
        .where(*where)
        .order_by(DisinfectionSchedule.name, DisinfectionSchedule.id)
        .limit(limit)
        .offset(offset)
    )
    return total, (await session.scalars(query)).all()


async def places_of(
    session: AsyncSession, schedule_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[DisinfectionSchedulePlace]]:
    out: dict[uuid.UUID, list[DisinfectionSchedulePlace]] = {s: [] for s in schedule_ids}
    if not schedule_ids:
        return out
    query = (
        select(DisinfectionSchedulePlace)
        .where(DisinfectionSchedulePlace.schedule_id.in_(schedule_ids))
        .order_by(DisinfectionSchedulePlace.place, DisinfectionSchedulePlace.id)
    )
    for place in await session.scalars(query):
        out[place.schedule_id].append(place)
    return out


async def clear_places(session: AsyncSession, schedule_id: uuid.UUID) -> None:
    await session.execute(
        delete(DisinfectionSchedulePlace).where(
            DisinfectionSchedulePlace.schedule_id == schedule_id
        )
    )


async def delete_schedule(session: AsyncSession, schedule: DisinfectionSchedule) -> None:
    await clear_places(session, schedule.id)
    await session.delete(schedule)


def add(
    session: AsyncSession,
    row: DisinfectionRecord | DisinfectionSchedule | DisinfectionSchedulePlace,
) -> None:
    session.add(row)
