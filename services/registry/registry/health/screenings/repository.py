"""Queries of screening rounds, forms, the work list and the community's risk rule."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.screenings.models import (
    RiskLevel,
    Screening,
    ScreeningOutcome,
    ScreeningRound,
    ScreeningRule,
)
from registry.residents.assignments.area import FloorRange, in_area
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from registry.residents.households.places import address

DONE = (ScreeningOutcome.reached, ScreeningOutcome.refused)


@dataclass(frozen=True, slots=True)
class ScreeningFilter:
    community_ids: Sequence[uuid.UUID] | None  # None: every community
    building_ids: Sequence[uuid.UUID] | None = None
    floors: Sequence[FloorRange] = ()
    round_id: uuid.UUID | None = None
    household_id: uuid.UUID | None = None
    risk_level: RiskLevel | None = None
    outcome: ScreeningOutcome | None = None


@dataclass(frozen=True, slots=True)
class WorkListRow:
    household_id: uuid.UUID
    building_id: uuid.UUID
    address: str
    tried: bool


def _placed(query: Select[Any]) -> Select[Any]:
    return (
        query.add_columns(Compound.name, Building.name, Household.unit, Household.room)
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
    )


async def current_round(session: AsyncSession, community_id: uuid.UUID) -> ScreeningRound | None:
    query = (
        select(ScreeningRound)
        .where(ScreeningRound.community_id == community_id)
        .order_by(ScreeningRound.number.desc())
        .limit(1)
    )
    return (await session.scalars(query)).first()


async def list_rounds(
    session: AsyncSession, community_id: uuid.UUID, limit: int, offset: int
) -> tuple[int, Sequence[ScreeningRound]]:
    where = ScreeningRound.community_id == community_id
    total = (await session.execute(select(func.count(ScreeningRound.id)).where(where))).scalar()
    query = select(ScreeningRound).where(where).order_by(ScreeningRound.number.desc())
    rows = (await session.scalars(query.limit(limit).offset(offset))).all()
    return int(total or 0), rows


def _work_list_query(
    query: Select[Any],
    round_: ScreeningRound,
    building_ids: Sequence[uuid.UUID] | None,
    floors: Sequence[FloorRange] = (),
) -> Select[Any]:
    done = exists().where(
        Screening.round_id == round_.id,
        Screening.household_id == Household.id,
        Screening.outcome.in_(DONE),
    )
    query = query.where(Household.community_id == round_.community_id, ~done)
    if building_ids is not None:
        query = query.where(in_area(building_ids, floors))
    return query


async def work_list(
    session: AsyncSession,
    round_: ScreeningRound,
    building_ids: Sequence[uuid.UUID] | None,
    limit: int,
    offset: int,
    floors: Sequence[FloorRange] = (),
) -> tuple[int, list[WorkListRow]]:
    """Households of the round's community (within `building_ids`) with no finished form
    (reached or refused) this round; households nobody answered stay on it."""
    count = _work_list_query(select(func.count(Household.id)), round_, building_ids, floors)
    total = int((await session.execute(count)).scalar_one())
    tried = (
        exists()
        .where(Screening.round_id == round_.id, Screening.household_id == Household.id)
        .label("tried")
    )
    households = select(Household.id).add_columns(Household.building_id, tried)
    query = _placed(_work_list_query(households, round_, building_ids, floors)).order_by(
        Building.name, Household.unit, Household.room, Household.id
    )
    rows = (await session.execute(query.limit(limit).offset(offset))).all()
    return total, [
        WorkListRow(hid, bid, address(c, b, u, r), bool(t)) for hid, bid, t, c, b, u, r in rows
    ]


def _filtered(query: Select[Any], flt: ScreeningFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(Screening.community_id.in_(flt.community_ids))
    if flt.building_ids is not None:
        query = query.where(in_area(flt.building_ids, flt.floors))
    if flt.round_id is not None:
        query = query.where(Screening.round_id == flt.round_id)
    if flt.household_id is not None:
        query = query.where(Screening.household_id == flt.household_id)
    if flt.risk_level is not None:
        query = query.where(Screening.risk_level == flt.risk_level)
    if flt.outcome is not None:
        query = query.where(Screening.outcome == flt.outcome)
    return query


async def list_screenings(
    session: AsyncSession, flt: ScreeningFilter, limit: int, offset: int
) -> tuple[int, list[tuple[Screening, str]]]:
    base = select(func.count(Screening.id)).join(Household, Household.id == Screening.household_id)
    total = int((await session.execute(_filtered(base, flt))).scalar_one())
    query = _placed(
        _filtered(select(Screening).join(Household, Household.id == Screening.household_id), flt)
    ).order_by(Screening.screened_at.desc(), Screening.id)
    rows = (await session.execute(query.limit(limit).offset(offset))).all()
    return total, [(s, address(c, b, u, r)) for s, c, b, u, r in rows]


async def screening_with_address(
    session: AsyncSession, screening_id: uuid.UUID
) -> tuple[Screening, str] | None:
    query = _placed(
        select(Screening)
        .join(Household, Household.id == Screening.household_id)
        .where(Screening.id == screening_id)
    )
    row = (await session.execute(query)).first()
    if row is None:
        return None
    s, c, b, u, r = row
    return s, address(c, b, u, r)


async def get_by_client_id(session: AsyncSession, client_id: uuid.UUID) -> Screening | None:
    query = select(Screening).where(Screening.client_id == client_id)
    return (await session.scalars(query)).first()


async def get_household(session: AsyncSession, household_id: uuid.UUID) -> Household | None:
    return await session.get(Household, household_id)


async def get_rule(session: AsyncSession, community_id: uuid.UUID) -> ScreeningRule | None:
    return await session.get(ScreeningRule, community_id)
