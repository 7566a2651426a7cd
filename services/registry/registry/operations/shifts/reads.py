"""Shifts as the API shows them: local day and times in the community's zone, the crew."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.shifts import repository
from registry.operations.shifts.models import Shift
from registry.operations.shifts.schemas import ShiftRead, ShiftWorkerRead
from registry.residents.communities import repository as communities
from registry.residents.communities.errors import CommunityNotFound

DEFAULT_ZONE = "Asia/Shanghai"


async def zone_of(session: AsyncSession, community_id: uuid.UUID) -> ZoneInfo:
    community = await communities.get_community(session, community_id)
    if community is None:
        raise CommunityNotFound()
    return ZoneInfo(community.timezone or DEFAULT_ZONE)


def label(starts_at: datetime, ends_at: datetime, zone: ZoneInfo) -> str:
    return f"{starts_at.astimezone(zone):%H:%M}–{ends_at.astimezone(zone):%H:%M}"


def local_date(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()


def hours(starts_at: datetime, ends_at: datetime) -> float:
    return round((ends_at - starts_at).total_seconds() / 3600, 2)


async def shift_reads(session: AsyncSession, shifts: Sequence[Shift]) -> list[ShiftRead]:
    """One query for the crews and one for the gate names, whatever the number of shifts."""
    crews = await repository.crew_of(session, [s.id for s in shifts])
    gates = await repository.gate_names(session, [s.gate_id for s in shifts])
    zones = {c: await zone_of(session, c) for c in {s.community_id for s in shifts}}
    reads = []
    for s in shifts:
        zone = zones[s.community_id]
        crew = crews[s.id]
        reads.append(
            ShiftRead(
                id=s.id,
                client_id=s.client_id,
                community_id=s.community_id,
                gate_id=s.gate_id,
                gate_name=gates.get(s.gate_id, ""),
                template_id=s.template_id,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                local_date=local_date(s.starts_at, zone),
                label=label(s.starts_at, s.ends_at, zone),
                hours=hours(s.starts_at, s.ends_at),
                min_workers=s.min_workers,
                staffed=len(crew) >= s.min_workers,
                note=s.note,
                workers=[
                    ShiftWorkerRead(
                        worker_id=w.id,
                        name=w.name,
                        category=w.category,
                        checked_in_at=a.checked_in_at,
                        checked_out_at=a.checked_out_at,
                    )
                    for a, w in crew
                ],
            )
        )
    return reads


async def shift_read(session: AsyncSession, shift: Shift) -> ShiftRead:
    return (await shift_reads(session, [shift]))[0]
