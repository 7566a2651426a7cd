"""A household's status follows its home quarantines, and every change is published.

`normal` → `home_quarantine` when its first home quarantine opens; back to `normal` when the last
one is released. A sealed household stays sealed (a stronger state) but its events still go out,
so deliveries reach the door either way. The event is written in the caller's transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from registry.events import HOUSEHOLD_QUARANTINED, HOUSEHOLD_RELEASED, publish_household_status
from registry.health.quarantines import repository
from registry.residents.households.models import Household, HouseholdStatus


async def settle_household_status(
    session: AsyncSession, household: Household, previous_end: date | None
) -> None:
    """Call after changing a quarantine of `household` (locked), with the latest planned end of
    its home quarantines before the change. Publishes only when that end actually changed."""
    await session.flush()
    end = await repository.home_quarantine_end(session, household)
    if end == previous_end:
        return
    if end is not None:
        if household.status == HouseholdStatus.normal:
            household.status = HouseholdStatus.home_quarantine
        topic = HOUSEHOLD_QUARANTINED
    else:
        if household.status == HouseholdStatus.home_quarantine:
            household.status = HouseholdStatus.normal
        topic = HOUSEHOLD_RELEASED
    await publish_household_status(
        session,
        topic=topic,
        household_id=household.id,
        community_id=household.community_id,
        status=str(household.status),
        quarantine_end_date=end,
    )
