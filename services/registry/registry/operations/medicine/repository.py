"""Queries of medicine requests, runs and the custody log."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.medicine.models import (
    CustodyHandover,
    CustodyItem,
    MedicineRequest,
    MedicineRun,
    RequestStatus,
)
from registry.residents.households.models import Household
from registry.residents.people.models import Person

Named = tuple[MedicineRequest, str]


async def person_place(
    session: AsyncSession, person_id: uuid.UUID
) -> tuple[Person, Household] | None:
    query = select(Person, Household).join(Household, Household.id == Person.household_id)
    row = (await session.execute(query.where(Person.id == person_id))).first()
    return (row[0], row[1]) if row else None


async def household_of(session: AsyncSession, household_id: uuid.UUID) -> Household | None:
    return await session.get(Household, household_id)


async def request_by_client_id(
    session: AsyncSession, community_id: uuid.UUID, client_id: uuid.UUID
) -> MedicineRequest | None:
    query = select(MedicineRequest).where(
        MedicineRequest.community_id == community_id, MedicineRequest.client_id == client_id
    )
    return (await session.scalars(query)).first()


async def get_request(session: AsyncSession, request_id: uuid.UUID) -> MedicineRequest | None:
    return await session.get(MedicineRequest, request_id)


async def list_requests(
    session: AsyncSession, where: Sequence[ColumnElement[bool]], limit: int, offset: int
) -> tuple[int, list[Named]]:
    count = (
        select(func.count(MedicineRequest.id))
        .join(Household, Household.id == MedicineRequest.household_id)
        .where(*where)
    )
    total = (await session.execute(count)).scalar_one()
    query = (
        select(MedicineRequest, Person.name)
        .join(Person, Person.id == MedicineRequest.person_id)
        .join(Household, Household.id == MedicineRequest.household_id)
        .where(*where)
        .order_by(MedicineRequest.created_at.desc(), MedicineRequest.id)
        .limit(limit)
        .offset(offset)
    )
    rows = (await session.execute(query)).all()
    return int(total), [(r, n) for r, n in rows]


async def named_requests(
    session: AsyncSession, where: Sequence[ColumnElement[bool]]
) -> list[Named]:
    query = (
        select(MedicineRequest, Person.name)
        .join(Person, Person.id == MedicineRequest.person_id)
        .join(Household, Household.id == MedicineRequest.household_id)
        .where(*where)
        .order_by(MedicineRequest.created_at, MedicineRequest.id)
    )
    return [(r, n) for r, n in (await session.execute(query)).all()]


async def person_name(session: AsyncSession, person_id: uuid.UUID) -> str:
    name = (await session.execute(select(Person.name).where(Person.id == person_id))).scalar()
    return name or ""


async def claim_for_run(
    session: AsyncSession, request_ids: Sequence[uuid.UUID], run_id: uuid.UUID
) -> int:
    """Puts the waiting ones of `request_ids` on the run; returns how many it took."""
    query = (
        update(MedicineRequest)
        .where(
            MedicineRequest.id.in_(request_ids),
            MedicineRequest.status == RequestStatus.requested,
        )
        .values(status=RequestStatus.in_run, run_id=run_id)
        .execution_options(synchronize_session="fetch")
    )
    result = await session.execute(query)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def run_by_client_id(
    session: AsyncSession, community_id: uuid.UUID, client_id: uuid.UUID
) -> MedicineRun | None:
    query = select(MedicineRun).where(
        MedicineRun.community_id == community_id, MedicineRun.client_id == client_id
    )
    return (await session.scalars(query)).first()


async def get_run(session: AsyncSession, run_id: uuid.UUID) -> MedicineRun | None:
    return await session.get(MedicineRun, run_id)


async def list_runs(
    session: AsyncSession, community_ids: Sequence[uuid.UUID] | None, limit: int, offset: int
) -> tuple[int, Sequence[MedicineRun]]:
    where = [] if community_ids is None else [MedicineRun.community_id.in_(community_ids)]
    total = (await session.execute(select(func.count(MedicineRun.id)).where(*where))).scalar_one()
    query = (
        select(MedicineRun)
        .where(*where)
        .order_by(MedicineRun.run_date.desc(), MedicineRun.created_at.desc())
        .limit(limit)
        .offset(offset)
    )
    return int(total), (await session.scalars(query)).all()


async def handover_by_client_id(
    session: AsyncSession, community_id: uuid.UUID, client_id: uuid.UUID
) -> CustodyHandover | None:
    query = select(CustodyHandover).where(
        CustodyHandover.community_id == community_id, CustodyHandover.client_id == client_id
    )
    return (await session.scalars(query)).first()


async def get_handover(session: AsyncSession, handover_id: uuid.UUID) -> CustodyHandover | None:
    return await session.get(CustodyHandover, handover_id)


async def current_handover(
    session: AsyncSession, community_id: uuid.UUID, person_id: uuid.UUID, item: CustodyItem
) -> CustodyHandover | None:
    query = select(CustodyHandover).where(
        CustodyHandover.community_id == community_id,
        CustodyHandover.person_id == person_id,
        CustodyHandover.item == item,
        CustodyHandover.current.is_(True),
    )
    return (await session.scalars(query)).first()


async def holdings(
    session: AsyncSession, where: Sequence[ColumnElement[bool]]
) -> list[tuple[CustodyHandover, str]]:
    """Current hand-overs (with the owner's name) matching `where`, oldest first."""
    query = (
        select(CustodyHandover, Person.name)
        .join(Person, Person.id == CustodyHandover.person_id)
        .join(Household, Household.id == CustodyHandover.household_id)
        .where(CustodyHandover.current.is_(True), *where)
        .order_by(CustodyHandover.handed_at, CustodyHandover.id)
    )
    return [(h, n) for h, n in (await session.execute(query)).all()]
