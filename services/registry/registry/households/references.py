"""What still refers to a household: it cannot be deleted while any check here reports something.

Each check returns what refers to the household, in Chinese (e.g. "3 名居民"), or None. Domains
that point at households (passes, open quarantines, …) append their own check to
`REFERENCE_CHECKS`; `delete_household` answers 409 with every reason found.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.people.models import Person
from registry.quarantines.references import quarantines_of_household

ReferenceCheck = Callable[[AsyncSession, uuid.UUID], Awaitable[str | None]]


async def people_in_household(session: AsyncSession, household_id: uuid.UUID) -> str | None:
    query = select(func.count(Person.id)).where(Person.household_id == household_id)
    count = int((await session.execute(query)).scalar_one())
    return f"{count} 名居民" if count else None


REFERENCE_CHECKS: list[ReferenceCheck] = [people_in_household, quarantines_of_household]


async def references_to(session: AsyncSession, household_id: uuid.UUID) -> list[str]:
    found = [await check(session, household_id) for check in REFERENCE_CHECKS]
    return [f for f in found if f]
