"""Queries of passes and signing keys."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, LargeBinary, Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.passes.models import AccessPass, PassSigningKey, PassStatus
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from registry.residents.households.places import address


@dataclass(frozen=True, slots=True)
class PassRow:
    access_pass: AccessPass
    household_status: str
    address: str


@dataclass(frozen=True, slots=True)
class PassFilter:
    community_ids: Sequence[uuid.UUID] | None
    household_id: uuid.UUID | None = None
    building_id: uuid.UUID | None = None
    status: PassStatus | None = None
    households: ColumnElement[bool] | None = None  # the caller's scope (Scope.households)


def _with_household(query: Select[Any]) -> Select[Any]:
    return (
        query.add_columns(
            Household.status, Compound.name, Building.name, Household.unit, Household.room
        )
        .join(Household, Household.id == AccessPass.household_id)
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
    )


def _row(r: Any) -> PassRow:
    return PassRow(r[0], str(r[1]), address(r[2], r[3], r[4], r[5]))


def _filtered(query: Select[Any], flt: PassFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(AccessPass.community_id.in_(flt.community_ids))
    if flt.household_id is not None:
        query = query.where(AccessPass.household_id == flt.household_id)
    if flt.building_id is not None:
        query = query.where(Household.building_id == flt.building_id)
    if flt.status is not None:
        query = query.where(AccessPass.status == flt.status)
    if flt.households is not None:
        query = query.where(flt.households)
    return query


async def get_pass_row(session: AsyncSession, pass_id: uuid.UUID) -> PassRow | None:
    row = (
        await session.execute(_with_household(select(AccessPass)).where(AccessPass.id == pass_id))
    ).first()
    return _row(row) if row else None


async def get_pass_for_update(session: AsyncSession, pass_id: uuid.UUID) -> AccessPass | None:
    query = select(AccessPass).where(AccessPass.id == pass_id).with_for_update()
    return (await session.scalars(query)).first()


async def list_pass_rows(
    session: AsyncSession, flt: PassFilter, limit: int, offset: int
) -> tuple[int, list[PassRow]]:
    base = _filtered(
        select(AccessPass).join(Household, Household.id == AccessPass.household_id), flt
    )
    total = (await session.execute(base.with_only_columns(func.count(AccessPass.id)))).scalar_one()
    query = _filtered(_with_household(select(AccessPass)), flt).order_by(
        Compound.name, Building.name, Household.unit, Household.room, AccessPass.issued_at
    )
    rows = (await session.execute(query.limit(limit).offset(offset))).all()
    return int(total), [_row(r) for r in rows]


async def active_household_pass(
    session: AsyncSession, household_id: uuid.UUID, person_id: uuid.UUID | None
) -> AccessPass | None:
    query = select(AccessPass).where(
        AccessPass.household_id == household_id,
        AccessPass.status != PassStatus.revoked,
        AccessPass.person_id.is_(None) if person_id is None else AccessPass.person_id == person_id,
    )
    return (await session.scalars(query)).first()


async def number_taken(session: AsyncSession, number: str) -> bool:
    query = select(AccessPass.id).where(AccessPass.number == number)
    return (await session.execute(query)).first() is not None


async def households_of_building(
    session: AsyncSession, building_id: uuid.UUID
) -> Sequence[Household]:
    query = (
        select(Household)
        .where(Household.building_id == building_id)
        .order_by(Household.unit, Household.room)
    )
    return (await session.scalars(query)).all()


async def households_with_pass(
    session: AsyncSession, household_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    query = select(AccessPass.household_id).where(
        AccessPass.household_id.in_(household_ids),
        AccessPass.person_id.is_(None),
        AccessPass.status != PassStatus.revoked,
    )
    return set((await session.scalars(query)).all())


async def signing_key(session: AsyncSession, community_id: uuid.UUID) -> PassSigningKey | None:
    """The community's current (newest unretired) key."""
    query = (
        select(PassSigningKey)
        .where(PassSigningKey.community_id == community_id, PassSigningKey.retired_at.is_(None))
        .order_by(PassSigningKey.created_at.desc())
    )
    return (await session.scalars(query)).first()


async def published_keys(
    session: AsyncSession, community_ids: Sequence[uuid.UUID] | None, now: datetime
) -> Sequence[PassSigningKey]:
    query = select(PassSigningKey).where(
        (PassSigningKey.retired_at.is_(None)) | (PassSigningKey.verify_until > now)
    )
    if community_ids is not None:
        query = query.where(PassSigningKey.community_id.in_(community_ids))
    return (await session.scalars(query.order_by(PassSigningKey.created_at))).all()


async def last_expiry_signed_by(session: AsyncSession, kid: int) -> datetime | None:
    query = select(func.max(AccessPass.valid_until)).where(AccessPass.kid == kid)
    return (await session.execute(query)).scalar_one_or_none()


def _sealed_elsewhere(prefix: bytes) -> ColumnElement[bool]:
    """Keys not sealed under the secret whose sealed keys start with `prefix`."""
    column = PassSigningKey.private_key_sealed
    return func.substr(column, 1, len(prefix), type_=LargeBinary) != prefix


async def count_keys_sealed_elsewhere(session: AsyncSession, prefix: bytes) -> int:
    query = select(func.count()).select_from(PassSigningKey).where(_sealed_elsewhere(prefix))
    return int(await session.scalar(query) or 0)


async def keys_sealed_elsewhere(
    session: AsyncSession, prefix: bytes, after_kid: int, limit: int
) -> Sequence[tuple[int, bytes]]:
    """(kid, sealed key) of keys not under `prefix`'s secret, past `after_kid`, in kid order."""
    query = (
        select(PassSigningKey.kid, PassSigningKey.private_key_sealed)
        .where(_sealed_elsewhere(prefix), PassSigningKey.kid > after_kid)
        .order_by(PassSigningKey.kid)
        .limit(limit)
    )
    return [(kid, sealed) for kid, sealed in await session.execute(query)]


async def replace_sealed_key(session: AsyncSession, kid: int, old: bytes, new: bytes) -> bool:
    """Whether the key still held `old` and now holds `new`."""
    result = await session.execute(
        update(PassSigningKey)
        .where(PassSigningKey.kid == kid, PassSigningKey.private_key_sealed == old)
        .values(private_key_sealed=new)
    )
    return bool(getattr(result, "rowcount", 0))
