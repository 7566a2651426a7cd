"""Sampling in a testing round: the sampler's offline bundle, the typed-ID fallback, tube checks,
registration batches (batch.py), the missing list (missing.py), knocks and figures (figures.py).
A round is seen by the staff of its community; a grid worker's missing list and knocks stay in
their buildings."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.sampling import batch, figures, missing, repository
from registry.health.sampling.batch_store import BatchStore
from registry.health.sampling.bundle import read_bundle
from registry.health.sampling.errors import (
    HouseholdNotFound,
    InvalidKnockTime,
    KnockClientIdReused,
    PersonNotFound,
    RoundNotFound,
)
from registry.health.sampling.models import HouseholdKnock
from registry.health.sampling.schemas import (
    KnockCreate,
    KnockRead,
    PersonFound,
    RegistrationBatch,
    RegistrationResult,
    RoundFigures,
    TubeState,
)
from registry.health.testing_rounds.models import TestingRound
from registry.residents.assignments.scope import scope_of
from registry.residents.audit.repository import add_audit_event
from registry.residents.people.id_numbers import normalize_id_number
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal, Role
from shouhu_common.pii import PersonalDataCipher, mask_name

CLOCK_SKEW = timedelta(minutes=10)
OLDEST_QUEUED = timedelta(hours=48)


@dataclass(frozen=True, slots=True)
class Recorded:
    knock: KnockRead
    created: bool


def _communities(principal: Principal) -> tuple[uuid.UUID, ...] | None:
    return None if principal.role == Role.admin else tuple(principal.community_ids)


async def visible_round(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID
) -> TestingRound:
    rnd = await repository.get_round(session, round_id)
    if rnd is None or not principal.in_community(rnd.community_id):
        raise RoundNotFound()
    return rnd


async def sampling_bundle(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID
) -> dict[str, Any]:
    rnd = await visible_round(session, principal, round_id)
    points = await repository.points_of(session, rnd)
    return await read_bundle(session, rnd, points, utc_now())


async def lookup_person(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    round_id: uuid.UUID,
    id_number: str,
    request_id: str,
) -> PersonFound:
    """Any community's person (a visitor is sampled too); the lookup is audited, as it finds a
    person by their ID number across communities."""
    rnd = await visible_round(session, principal, round_id)
    typed = normalize_id_number(id_number)
    person = await repository.person_by_id_number_hash(session, cipher.blind_index(typed))
    if person is None:
        raise PersonNotFound()
    add_audit_event(
        session, principal, "sampling_lookup", "person", str(person.id), str(rnd.id), request_id
    )
    await session.commit()
    return PersonFound(
        person_id=person.id,
        name=mask_name(person.name),
        household_id=person.household_id,
        community_id=person.community_id,
        same_community=person.community_id == rnd.community_id,
    )


async def check_tube(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID, barcode: str
) -> TubeState:
    rnd = await visible_round(session, principal, round_id)
    tube = await repository.tube_by_barcode(session, rnd.community_id, barcode)
    if tube is None:
        return TubeState(usable=True, reason=None, filled=0, capacity=rnd.pool_size)
    reason = None
    if tube.round_id != rnd.id:
        reason = "tube_other_round"
    elif tube.filled >= tube.capacity:
        reason = "tube_full"
    return TubeState(
        usable=reason is None, reason=reason, filled=tube.filled, capacity=tube.capacity
    )


async def upload(
    store: BatchStore,
    principal: Principal,
    round_id: uuid.UUID,
    body: RegistrationBatch,
    now: datetime,
) -> RegistrationResult:
    communities = _communities(principal)
    outcome = await store.write(
        round_id,
        body.registrations,
        lambda snapshot: batch.decide(
            snapshot, body.registrations, communities, principal.subject, now
        ),
    )
    missing.note_stored(round_id, outcome.registrations)
    return outcome.result


async def missing_list(
    session: AsyncSession,
    principal: Principal,
    round_id: uuid.UUID,
    building_id: uuid.UUID | None,
    floor: int | None,
) -> dict[str, Any]:
    rnd = await visible_round(session, principal, round_id)
    scope = await scope_of(session, principal)
    return await missing.missing_list(session, scope, rnd.community_id, rnd.id, building_id, floor)


def _knock_read(knock: HouseholdKnock) -> KnockRead:
    return KnockRead(
        id=knock.id,
        client_id=knock.client_id,
        round_id=knock.round_id,
        household_id=knock.household_id,
        outcome=knock.outcome,
        note=knock.note,
        knocked_by=knock.knocked_by,
        knocked_at=knock.knocked_at,
    )


async def _replay(session: AsyncSession, rnd: TestingRound, body: KnockCreate) -> Recorded | None:
    earlier = await repository.knock_by_client_id(session, rnd.community_id, body.client_id)
    if earlier is None:
        return None
    if (earlier.round_id, earlier.household_id) != (rnd.id, body.household_id):
        raise KnockClientIdReused()
    return Recorded(_knock_read(earlier), created=False)


async def record_knock(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID, body: KnockCreate
) -> Recorded:
    rnd = await visible_round(session, principal, round_id)
    replay = await _replay(session, rnd, body)
    if replay is not None:
        return replay
    place = await repository.household_place(session, body.household_id)
    scope = await scope_of(session, principal)
    if place is None or place[0] != rnd.community_id or not scope.admits(*place):
        raise HouseholdNotFound()
    now = utc_now()
    knocked_at = body.knocked_at or now
    if knocked_at > now + CLOCK_SKEW or knocked_at < now - OLDEST_QUEUED:
        raise InvalidKnockTime("knocked_at must be within the last 48 hours, not in the future")
    knock = HouseholdKnock(
        client_id=body.client_id,
        community_id=rnd.community_id,
        round_id=rnd.id,
        household_id=body.household_id,
        outcome=body.outcome,
        note=body.note,
        knocked_by=principal.subject[:100],
        knocked_at=knocked_at,
    )
    session.add(knock)
    try:
        await session.commit()
    except IntegrityError:
        # the same client id arrived twice at once: the other request stored it
        await session.rollback()
        replay = await _replay(session, rnd, body)
        if replay is None:
            raise
        return replay
    return Recorded(_knock_read(knock), created=True)


async def round_figures(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID
) -> RoundFigures:
    rnd = await visible_round(session, principal, round_id)
    return await figures.round_figures(session, rnd)
