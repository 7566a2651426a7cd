"""What still refers to a household: it cannot be deleted while any check here reports something.

Each check returns what refers to the household, in Chinese (e.g. "3 名居民"), or None. Other
contexts that point at households (quarantines, …) cannot be imported from here, so the registry's
assembly registers their checks (`registry.wiring`); `delete_household` answers 409 with every
reason found.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.people.models import Person

ReferenceCheck = Callable[[AsyncSession, uuid.UUID], Awaitable[str | None]]


async def people_in_household(session: AsyncSession, household_id: uuid.UUID) -> str | None:
    query = select(func.count(Person.id)).where(Person.household_id == household_id)
    count = int((await session.execute(query)).scalar_one())
    return f"{count} 名居民" if count else None


REFERENCE_CHECKS: dict[str, ReferenceCheck] = {"people": people_in_household}


def register_reference_check(name: str, check: ReferenceCheck) -> None:
    REFERENCE_CHECKS[name] = check


async def references_to(session: AsyncSession, household_id: uuid.UUID) -> list[str]:
    found = [await check(session, household_id) for check in REFERENCE_CHECKS.values()]
    return [f for f in found if f]
