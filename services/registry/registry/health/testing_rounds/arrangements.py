"""Who is not expected at a point this round: excluded, or on the home-sampling list 上门采样.
Listed by building and floor with masked names; staff put people on and take them off."""

from __future__ import annotations

import uuid

from sqlalchemy import true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.testing_rounds import repository
from registry.health.testing_rounds.errors import RoundClosed, RoundPersonNotFound
from registry.health.testing_rounds.models import (
    Arrangement,
    RoundArrangement,
    RoundStatus,
    TestingRound,
)
from registry.health.testing_rounds.repository import ArrangementRow
from registry.health.testing_rounds.schedule import building_name
from registry.health.testing_rounds.schemas import ArrangementRead, ArrangementSet
from registry.health.testing_rounds.service import visible_round
from registry.health.testing_rounds.slots import natural
from registry.residents.assignments.scope import scope_of
from registry.residents.households.models import Household
from shouhu_common.identity import Principal
from shouhu_common.pii import mask_name


def _read(row: ArrangementRow) -> ArrangementRead:
    a = row.arrangement
    return ArrangementRead(
        person_id=a.person_id,
        name=mask_name(row.name),
        household_id=a.household_id,
        building_id=row.building_id,
        building_name=building_name(row.compound, row.building),
        floor=row.floor,
        room=row.room,
        arrangement=a.arrangement,
        reason=a.reason,
        note=a.note,
    )


def _order(row: ArrangementRow) -> tuple[object, ...]:
    return (natural(row.compound), natural(row.building), row.floor, natural(row.room), row.name)


async def list_arrangements(
    session: AsyncSession,
    principal: Principal,
    round_id: uuid.UUID,
    arrangement: Arrangement | None,
) -> list[ArrangementRead]:
    row = await visible_round(session, principal, round_id)
    scope = (await scope_of(session, principal)).narrowed_to(row.community_id)
    rows = await repository.arrangements_of(session, round_id, arrangement, scope.households())
    return [_read(r) for r in sorted(rows, key=_order)]


async def _person_in_round(
    session: AsyncSession, principal: Principal, row: TestingRound, person_id: uuid.UUID
) -> Household:
    """The person's household, if the person lives in the round's community and the caller's
    area; a person elsewhere is reported missing."""
    found = await repository.get_person(session, row.community_id, person_id)
    scope = await scope_of(session, principal)
    if found is None:
        raise RoundPersonNotFound()
    household = found[1]
    if not scope.admits(household.community_id, household.building_id, household.floor):
        raise RoundPersonNotFound()
    if row.status == RoundStatus.closed:
        raise RoundClosed()
    return household


async def _one(
    session: AsyncSession, round_id: uuid.UUID, household_id: uuid.UUID, person_id: uuid.UUID
) -> ArrangementRead:
    rows = await repository.arrangements_of(
        session, round_id, None, true(), household_id=household_id
    )
    (found,) = [r for r in rows if r.arrangement.person_id == person_id]
    return _read(found)


async def set_arrangement(
    session: AsyncSession,
    principal: Principal,
    round_id: uuid.UUID,
    person_id: uuid.UUID,
    body: ArrangementSet,
) -> ArrangementRead:
    row = await visible_round(session, principal, round_id)
    household = await _person_in_round(session, principal, row, person_id)
    # plain values: a rollback below expires the loaded rows
    community_id, household_id, by = row.community_id, household.id, principal.subject
    for attempt in (1, 2):
        existing = await repository.get_arrangement(session, round_id, person_id)
        if existing is None:
            existing = RoundArrangement(
                community_id=community_id,
                round_id=round_id,
                person_id=person_id,
                household_id=household_id,
                created_by=by,
            )
            session.add(existing)
        existing.arrangement = body.arrangement
        existing.reason = body.reason
        existing.note = body.note
        try:
            await session.commit()
            break
        except IntegrityError:  # the same person put on the list twice at once: update theirs
            await session.rollback()
            if attempt == 2:
                raise
    return await _one(session, round_id, household_id, person_id)


async def clear_arrangement(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID, person_id: uuid.UUID
) -> None:
    """Back onto the normal list; taking off someone not on a list changes nothing."""
    row = await visible_round(session, principal, round_id)
    await _person_in_round(session, principal, row, person_id)
    await repository.delete_arrangement(session, round_id, person_id)
    await session.commit()
