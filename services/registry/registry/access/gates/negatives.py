"""The gate rule `negative_within_hours`: each person's and household's latest negative test, held
in the gate state so that a verdict reads two dictionaries and no table.

A person's latest negative is the sampling time of their latest registration with a result, if
that result is negative (a later positive or invalid one cancels an earlier negative). A
household's is the oldest of its expected members' latest negatives, and there is none as soon as
one expected member has none; members excluded from the community's latest round (in hospital,
away, under 3) are not expected. Only results sampled within the rule's hours can let anyone
through, so only those are read. Loaded with the state when the rule is set, and again whenever
the community's gate state version moves (applying results moves it: `results_applied`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gate_rules.repository import get_rule
from registry.access.passes.versions import bump_state_version
from registry.health.sampling.models import SampleRegistration, SampleTube, TubeResult
from registry.health.testing_rounds.models import Arrangement, RoundArrangement, TestingRound
from registry.residents.people.models import Person


@dataclass(frozen=True, slots=True)
class Negatives:
    people: dict[uuid.UUID, datetime] = field(default_factory=dict)
    households: dict[uuid.UUID, datetime] = field(default_factory=dict)

    def latest(self, household_id: uuid.UUID, person_id: uuid.UUID | None) -> datetime | None:
        """The latest negative a pass can show: its person's, or its household's."""
        if person_id is not None:
            return self.people.get(person_id)
        return self.households.get(household_id)


NONE = Negatives()


async def _excluded(session: AsyncSession, community_id: uuid.UUID) -> set[uuid.UUID]:
    latest = (
        select(TestingRound.id)
        .where(TestingRound.community_id == community_id)
        .order_by(TestingRound.round_date.desc(), TestingRound.created_at.desc())
        .limit(1)
    )
    round_id = (await session.execute(latest)).scalar_one_or_none()
    if round_id is None:
        return set()
    query = select(RoundArrangement.person_id).where(
        RoundArrangement.round_id == round_id,
        RoundArrangement.arrangement == Arrangement.excluded,
    )
    return set((await session.scalars(query)).all())


async def load(
    session: AsyncSession, community_id: uuid.UUID, hours: int, now: datetime
) -> Negatives:
    query = (
        select(SampleRegistration.person_id, SampleRegistration.sampled_at, SampleTube.result)
        .join(SampleTube, SampleTube.id == SampleRegistration.tube_id)
        .join(Person, Person.id == SampleRegistration.person_id)
        .where(
            Person.community_id == community_id,
            SampleTube.result.is_not(None),
            SampleRegistration.sampled_at >= now - timedelta(hours=hours),
        )
        .order_by(SampleRegistration.sampled_at)
    )
    latest: dict[uuid.UUID, tuple[datetime, TubeResult | None]] = {}
    for person_id, sampled_at, result in (await session.execute(query)).all():
        latest[person_id] = (sampled_at, result)  # ascending: the last one stays
    people = {p: at for p, (at, result) in latest.items() if result == TubeResult.negative}
    if not people:
        return NONE
    excluded = await _excluded(session, community_id)
    members = select(Person.id, Person.household_id).where(Person.community_id == community_id)
    oldest: dict[uuid.UUID, datetime | None] = {}
    for person_id, household_id in (await session.execute(members)).all():
        if person_id in excluded:
            continue
        at = people.get(person_id)
        known = oldest.get(household_id, at)
        oldest[household_id] = None if at is None or known is None else min(at, known)
    households = {h: at for h, at in oldest.items() if at is not None}
    return Negatives(people, households)


async def results_applied(session: AsyncSession, community_id: uuid.UUID) -> None:
    """New results in the applying transaction: where the rule is set, the gate state version
    moves, so every replica reloads the negatives and every gate phone fetches its bundle."""
    rule = await get_rule(session, community_id)
    if rule is not None and rule.negative_within_hours is not None:
        await bump_state_version(session, community_id)
