"""The rows of an export, streamed in database order (never the whole community in memory)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from registry.residents.people.models import Person

BATCH = 2000


async def people_batches(
    session: AsyncSession, community_id: uuid.UUID
) -> AsyncIterator[Sequence[Any]]:
    query = (
        select(
            Compound.name,
            Building.name,
            Household.unit,
            Household.room,
            Household.floor,
            Person.name,
            Person.id_number_enc,
            Person.phone_enc,
            Person.relation,
            Person.birth_date,
            Person.lives_alone,
            Person.chronic_illness,
            Person.disability,
            Person.pregnant,
        )
        .join(Household, Household.id == Person.household_id)
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
        .where(Person.community_id == community_id)
        .order_by(Compound.name, Building.name, Household.unit, Household.room, Person.created_at)
        .execution_options(yield_per=BATCH)
    )
    result = await session.stream(query)
    async for partition in result.partitions(BATCH):
        yield partition


async def household_batches(
    session: AsyncSession, community_id: uuid.UUID
) -> AsyncIterator[Sequence[Any]]:
    members = (
        select(Person.household_id, func.count(Person.id).label("members"))
        .where(Person.community_id == community_id)
        .group_by(Person.household_id)
        .subquery()
    )
    query = (
        select(
            Compound.name,
            Building.name,
            Household.unit,
            Household.floor,
            Household.room,
            Household.card_number,
            Household.contact_phone_enc,
            Household.status,
            func.coalesce(members.c.members, 0),
        )
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
        .outerjoin(members, members.c.household_id == Household.id)
        .where(Household.community_id == community_id)
        .order_by(Compound.name, Building.name, Household.unit, Household.room)
        .execution_options(yield_per=BATCH)
    )
    result = await session.stream(query)
    async for partition in result.partitions(BATCH):
        yield partition
