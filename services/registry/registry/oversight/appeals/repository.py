"""Queries of appeals and of the status changes a household may appeal against."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.passes.models import AccessPass, PassStatus
from registry.health.quarantines.models import Quarantine, QuarantineStatus
from registry.oversight.appeals.models import Appeal, AppealStatus
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from registry.residents.households.places import address
from registry.residents.people.models import Person


@dataclass(frozen=True, slots=True)
class AppealRow:
    appeal: Appeal
    address: str


@dataclass(frozen=True, slots=True)
class AppealFilter:
    community_ids: Sequence[uuid.UUID] | None  # None: every community (admin)
    status: AppealStatus | None = None
    household_id: uuid.UUID | None = None
    within: ColumnElement[bool] | None = None  # the caller's scope, as a condition on Household


def _with_address(query: Select[Any]) -> Select[Any]:
    return (
        query.add_columns(Compound.name, Building.name, Household.unit, Household.room)
        .join(Household, Household.id == Appeal.household_id)
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
    )


def _row(r: Any) -> AppealRow:
    appeal, compound, building, unit, room = r
    return AppealRow(appeal, address(compound, building, unit, room))


def _filtered(query: Select[Any], flt: AppealFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(Appeal.community_id.in_(flt.community_ids))
    if flt.status is not None:
        query = query.where(Appeal.status == flt.status)
    if flt.household_id is not None:
        query = query.where(Appeal.household_id == flt.household_id)
    if flt.within is not None:
        query = query.where(flt.within)
    return query


async def list_appeals(
    session: AsyncSession, flt: AppealFilter, limit: int, offset: int
) -> tuple[int, list[AppealRow]]:
    counted = _filtered(
        select(func.count(Appeal.id)).join(Household, Household.id == Appeal.household_id), flt
    )
    total = (await session.execute(counted)).scalar_one()
    query = _filtered(_with_address(select(Appeal)), flt).order_by(Appeal.submitted_at, Appeal.id)
    rows = await session.execute(query.limit(limit).offset(offset))
    return int(total), [_row(r) for r in rows.all()]


async def get_appeal_row(session: AsyncSession, appeal_id: uuid.UUID) -> AppealRow | None:
    rows = await session.execute(_with_address(select(Appeal)).where(Appeal.id == appeal_id))
    found = rows.first()
    return _row(found) if found is not None else None


async def get_by_client_id(session: AsyncSession, client_id: uuid.UUID) -> Appeal | None:
    found = await session.execute(select(Appeal).where(Appeal.client_id == client_id))
    return found.scalar_one_or_none()


async def open_appeal_against(
    session: AsyncSession, community_id: uuid.UUID, record_id: uuid.UUID
) -> Appeal | None:
    query = select(Appeal).where(
        Appeal.community_id == community_id,
        Appeal.record_id == record_id,
        Appeal.status == AppealStatus.open,
    )
    return (await session.execute(query.limit(1))).scalar_one_or_none()


async def latest_appeals(
    session: AsyncSession, community_id: uuid.UUID, record_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Appeal]:
    if not record_ids:
        return {}
    query = (
        select(Appeal)
        .where(Appeal.community_id == community_id, Appeal.record_id.in_(record_ids))
        .order_by(Appeal.submitted_at)
    )
    return {a.record_id: a for a in (await session.execute(query)).scalars()}


async def active_quarantines(
    session: AsyncSession, household: Household
) -> list[tuple[Quarantine, str | None]]:
    """The household's active quarantines, each with its one member's name (None: everyone)."""
    query = (
        select(Quarantine, Person.name)
        .outerjoin(Person, Person.id == Quarantine.person_id)
        .where(
            Quarantine.community_id == household.community_id,
            Quarantine.household_id == household.id,
            Quarantine.status == QuarantineStatus.active,
        )
        .order_by(Quarantine.start_date, Quarantine.id)
    )
    return [(q, name) for q, name in (await session.execute(query)).all()]


async def withdrawn_passes(
    session: AsyncSession, household: Household
) -> list[tuple[AccessPass, str | None]]:
    """The household's suspended passes, and revoked ones no new pass replaced."""
    query = (
        select(AccessPass, Person.name)
        .outerjoin(Person, Person.id == AccessPass.person_id)
        .where(
            AccessPass.community_id == household.community_id,
            AccessPass.household_id == household.id,
            (AccessPass.status == PassStatus.suspended)
            | ((AccessPass.status == PassStatus.revoked) & AccessPass.replaced_by_id.is_(None)),
        )
        .order_by(AccessPass.updated_at, AccessPass.id)
    )
    return [(p, name) for p, name in (await session.execute(query)).all()]


async def record_of_household(
    session: AsyncSession, household: Household, record_type: str, record_id: uuid.UUID
) -> bool:
    """Whether the quarantine or pass exists and is this household's."""
    model: Any = Quarantine if record_type == "quarantine" else AccessPass
    query = select(model.id).where(
        model.community_id == household.community_id,
        model.household_id == household.id,
        model.id == record_id,
    )
    return (await session.execute(query)).first() is not None


async def lock_appeal(session: AsyncSession, appeal_id: uuid.UUID) -> Appeal | None:
    query = select(Appeal).where(Appeal.id == appeal_id).with_for_update()
    appeal = (await session.execute(query)).scalar_one_or_none()
    if appeal is not None:
        await session.refresh(appeal)  # re-read under the lock
    return appeal


async def count_open_appeals(session: AsyncSession, community_id: uuid.UUID) -> int:
    query = select(func.count(Appeal.id)).where(
        Appeal.community_id == community_id, Appeal.status == AppealStatus.open
    )
    return int((await session.execute(query)).scalar_one())
