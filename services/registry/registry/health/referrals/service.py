"""Fever-clinic referrals: opened by a feverish follow-up or a fever at the gate (gates/), closed
by staff with an outcome (and, when the gate could not tell, the member it concerned)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.follow_ups.models import FollowUp
from registry.health.referrals import repository
from registry.health.referrals.errors import (
    ReferralClosed,
    ReferralNotFound,
    ReferralPersonKnown,
    ReferralPersonNotInHousehold,
)
from registry.health.referrals.models import Referral, ReferralStatus
from registry.health.referrals.repository import ReferralFilter, ReferralRow
from registry.health.referrals.schemas import ReferralClose, ReferralRead
from registry.residents.assignments.scope import scope_of
from registry.residents.people.models import Person
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams


def referral_read(row: ReferralRow) -> ReferralRead:
    r = row.referral
    return ReferralRead(
        id=r.id,
        community_id=r.community_id,
        household_id=r.household_id,
        address=row.address,
        person_id=r.person_id,
        person_name=row.person_name,
        source=r.source,
        quarantine_id=r.quarantine_id,
        follow_up_id=r.follow_up_id,
        gate_log_id=r.gate_log_id,
        gate_visitor_id=r.gate_visitor_id,
        self_report_id=r.self_report_id,
        temperature=r.temperature,
        status=r.status,
        opened_at=r.opened_at,
        closed_at=r.closed_at,
        closed_by=r.closed_by,
        outcome=r.outcome,
        note=r.note,
    )


@dataclass(frozen=True, slots=True)
class ReferralCause:
    """What calls for a referral of a person: a feverish follow-up or self-report, or a
    positive antigen self-test (`temperature` None when none was reported)."""

    community_id: uuid.UUID
    household_id: uuid.UUID
    person_id: uuid.UUID
    quarantine_id: uuid.UUID | None
    temperature: float | None
    follow_up_id: uuid.UUID | None = None
    self_report_id: uuid.UUID | None = None


async def refer(session: AsyncSession, cause: ReferralCause) -> Referral:
    """The person gets a referral: a new one, or the one already open (one open referral per
    person, however many feverish checks or reports). Caller commits."""
    referral = await repository.open_referral_of(session, cause.person_id)
    if referral is None:
        referral = Referral(
            community_id=cause.community_id,
            household_id=cause.household_id,
            person_id=cause.person_id,
            quarantine_id=cause.quarantine_id,
            follow_up_id=cause.follow_up_id,
            self_report_id=cause.self_report_id,
            temperature=cause.temperature,
        )
        session.add(referral)
        await session.flush()
    return referral


async def refer_if_feverish(
    session: AsyncSession, follow_up: FollowUp, household_id: uuid.UUID, threshold: float
) -> Referral | None:
    """At or above the threshold, the person gets a referral (`refer`). Caller commits."""
    if follow_up.temperature < round(threshold, 1):
        return None
    cause = ReferralCause(
        community_id=follow_up.community_id,
        household_id=household_id,
        person_id=follow_up.person_id,
        quarantine_id=follow_up.quarantine_id,
        temperature=follow_up.temperature,
        follow_up_id=follow_up.id,
    )
    return await refer(session, cause)


async def list_referrals(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    status: ReferralStatus | None,
    person_id: uuid.UUID | None,
    page: PageParams,
) -> Page[ReferralRead]:
    scope = (await scope_of(session, principal)).narrowed_to(community_id)
    flt = ReferralFilter(
        scope.community_ids, scope.building_ids, status, person_id, floors=scope.floors
    )
    total = await repository.count_referrals(session, flt)
    rows = await repository.list_referrals(session, flt, page.limit, page.offset)
    return Page(
        items=[referral_read(r) for r in rows], total=total, limit=page.limit, offset=page.offset
    )


async def close_referral(
    session: AsyncSession, principal: Principal, referral_id: uuid.UUID, closing: ReferralClose
) -> ReferralRead:
    """Closed once, with an outcome; a closed referral is never reopened (a new fever opens a
    new one)."""
    row = await repository.get_referral_row(session, referral_id)
    scope = await scope_of(session, principal)
    if row is None or not scope.admits(row.referral.community_id, row.building_id, row.floor):
        raise ReferralNotFound()
    referral = row.referral
    if referral.status != ReferralStatus.open:
        raise ReferralClosed()
    if closing.person_id is not None and closing.person_id != referral.person_id:
        if referral.person_id is not None:
            raise ReferralPersonKnown()
        person = await session.get(Person, closing.person_id)
        if person is None or person.household_id != referral.household_id:
            raise ReferralPersonNotInHousehold()
        referral.person_id = person.id
        row = replace(row, person_name=person.name)
    referral.status = ReferralStatus.closed
    referral.outcome = closing.outcome
    referral.note = closing.note
    referral.closed_at = utc_now()
    referral.closed_by = principal.subject
    await session.commit()
    return referral_read(row)
