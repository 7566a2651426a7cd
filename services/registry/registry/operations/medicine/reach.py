"""Who sees which medicine request and card: a resident their own household, a grid worker the
buildings (or floors) assigned to them, staff their communities. Another area's record is 404.
Names are shown whole only to roles that read full personal data, and to the household itself."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.medicine import repository
from registry.operations.medicine.errors import MedicinePersonNotFound
from registry.residents.assignments.scope import scope_of
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from shouhu_common.identity import Principal, Role
from shouhu_common.permissions import Permission, allows
from shouhu_common.pii import mask_name


def shown_name(principal: Principal, name: str) -> str:
    if principal.role == Role.resident or allows(principal.role, Permission.personal_data_full):
        return name
    return mask_name(name)


async def households_in_reach(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None = None
) -> ColumnElement[bool]:
    """A condition on `Household` for the lists."""
    if principal.role == Role.resident:
        return Household.id == principal.household_id
    scope = (await scope_of(session, principal)).narrowed_to(community_id)
    return scope.households()


async def in_reach(session: AsyncSession, principal: Principal, household: Household) -> bool:
    if principal.role == Role.resident:
        return household.id == principal.household_id
    scope = await scope_of(session, principal)
    return scope.admits(household.community_id, household.building_id, household.floor)


async def person_in_reach(
    session: AsyncSession, principal: Principal, person_id: uuid.UUID
) -> tuple[Person, Household]:
    found = await repository.person_place(session, person_id)
    if found is None or not await in_reach(session, principal, found[1]):
        raise MedicinePersonNotFound()
    return found
