"""Reads and small writes of sampling through the session: the round, a person by ID number, a
tube by barcode, knocks."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.sampling.models import HouseholdKnock, SampleTube
from registry.health.testing_rounds.models import SamplingPoint, TestingRound
from registry.residents.households.models import Household
from registry.residents.people.models import Person


async def get_round(session: AsyncSession, round_id: uuid.UUID) -> TestingRound | None:
    return await session.get(TestingRound, round_id)


async def points_of(session: AsyncSession, rnd: TestingRound) -> list[SamplingPoint]:
    query = (
        select(SamplingPoint)
        .where(SamplingPoint.community_id == rnd.community_id, SamplingPoint.round_id == rnd.id)
        .order_by(SamplingPoint.name, SamplingPoint.id)
    )
    return list((await session.scalars(query)).all())


async def person_by_id_number_hash(session: AsyncSession, id_number_hash: str) -> Person | None:
    query = select(Person).where(Person.id_number_hash == id_number_hash)
    return (await session.scalars(query)).first()


async def tube_by_barcode(
    session: AsyncSession, community_id: uuid.UUID, barcode: str
) -> SampleTube | None:
    query = select(SampleTube).where(
        SampleTube.community_id == community_id, SampleTube.barcode == barcode
    )
    return (await session.scalars(query)).first()


async def knock_by_client_id(
    session: AsyncSession, community_id: uuid.UUID, client_id: uuid.UUID
) -> HouseholdKnock | None:
    query = select(HouseholdKnock).where(
        HouseholdKnock.community_id == community_id, HouseholdKnock.client_id == client_id
    )
    return (await session.scalars(query)).first()


async def household_place(
    session: AsyncSession, household_id: uuid.UUID
) -> tuple[uuid.UUID, uuid.UUID, int] | None:
    """(community, building, floor) of a household."""
    query = select(Household.community_id, Household.building_id, Household.floor).where(
        Household.id == household_id
    )
    row = (await session.execute(query)).first()
    return (row[0], row[1], row[2]) if row else None
