"""Queries of fever-clinic referrals."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.referrals.models import Referral, ReferralStatus
from registry.residents.assignments.area import FloorRange
from registry.residents.households.places import in_grid, placed, with_place


@dataclass(frozen=True, slots=True)
class ReferralFilter:
    community_ids: Sequence[uuid.UUID] | None
    building_ids: Sequence[uuid.UUID] | None = None
    status: ReferralStatus | None = None
    person_id: uuid.UUID | None = None
    floors: Sequence[FloorRange] = ()  # with building_ids: a grid worker's floors


@dataclass(frozen=True, slots=True)
class ReferralRow:
    referral: Referral
    building_id: uuid.UUID
    address: str
    person_name: str | None
    floor: int = 0


_PLACE = (Referral.household_id, Referral.person_id)


def _row(r: Any) -> ReferralRow:
    return ReferralRow(*placed(r))


def _filtered(query: Select[Any], flt: ReferralFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(Referral.community_id.in_(flt.community_ids))
    if flt.building_ids is not None:
        query = query.where(in_grid(Referral.household_id, flt.building_ids, flt.floors))
    if flt.status is not None:
        query = query.where(Referral.status == flt.status)
    if flt.person_id is not None:
        query = query.where(Referral.person_id == flt.person_id)
    return query


async def count_referrals(session: AsyncSession, flt: ReferralFilter) -> int:
    query = _filtered(select(func.count(Referral.id)), flt)
    return int((await session.execute(query)).scalar_one())


async def list_referrals(
    session: AsyncSession, flt: ReferralFilter, limit: int, offset: int
) -> list[ReferralRow]:
    query = with_place(_filtered(select(Referral), flt), *_PLACE).order_by(
        Referral.opened_at, Referral.id
    )
    return [_row(r) for r in (await session.execute(query.limit(limit).offset(offset))).all()]


async def get_referral_row(session: AsyncSession, referral_id: uuid.UUID) -> ReferralRow | None:
    row = (
        await session.execute(
            with_place(select(Referral).where(Referral.id == referral_id), *_PLACE)
        )
    ).first()
    return _row(row) if row else None


async def open_referral_of(session: AsyncSession, person_id: uuid.UUID) -> Referral | None:
    query = select(Referral).where(
        Referral.person_id == person_id, Referral.status == ReferralStatus.open
    )
    return (await session.scalars(query.limit(1))).first()


async def referral_of_follow_up(
    session: AsyncSession, community_id: uuid.UUID, follow_up_id: uuid.UUID
) -> Referral | None:
    query = select(Referral).where(
        Referral.community_id == community_id, Referral.follow_up_id == follow_up_id
    )
    return (await session.scalars(query)).first()


async def referral_ids_of_follow_ups(
    session: AsyncSession, community_ids: Collection[uuid.UUID], follow_up_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    if not follow_up_ids:
        return {}
    query = select(Referral.follow_up_id, Referral.id).where(
        Referral.community_id.in_(set(community_ids)), Referral.follow_up_id.in_(follow_up_ids)
    )
    return {f: r for f, r in (await session.execute(query)).all() if f is not None}


async def referral_ids_of_visitors(
    session: AsyncSession, visitor_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    """Referrals opened by returnees registered at the gate, by gate visitor id."""
    if not visitor_ids:
        return {}
    query = select(Referral.gate_visitor_id, Referral.id).where(
        Referral.gate_visitor_id.in_(visitor_ids)
    )
    return {v: r for v, r in (await session.execute(query)).all() if v is not None}
