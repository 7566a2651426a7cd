"""Self-reports 自主上报 from the household card: a member's temperature and symptoms, or an
antigen self-test with its kit's lot number.

Any member's token may report for any member of the household, so a member without a phone is
reported for; another household's person does not exist (404). A report belongs to the morning
or the evening like a follow-up; in a community whose quarantine rule lets self-reports replace
calls, a report for a person under quarantine makes them no longer due that period (the due list
of follow-ups reads it), and a missing one leaves them on the phone list as before. A fever at
the community's threshold or a positive antigen opens (or joins) a fever-clinic referral by the
follow-ups' own path, in the same transaction. A retry with the same client id returns the
first report."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.follow_ups.models import Symptom
from registry.health.follow_ups.service import period_of
from registry.health.quarantine_rules.service import CommunityRules, rules_for
from registry.health.quarantines.errors import ClientIdReused
from registry.health.referrals.service import ReferralCause, refer
from registry.health.self_reports import repository
from registry.health.self_reports.errors import (
    SelfReportHouseholdNotFound,
    SelfReportPersonNotFound,
)
from registry.health.self_reports.models import AntigenResult, SelfReport
from registry.health.self_reports.repository import SelfReportFilter
from registry.health.self_reports.schemas import (
    HouseholdSelfReports,
    MemberSelfReport,
    SelfReportCreate,
    SelfReportRead,
)
from registry.residents.assignments.scope import scope_of
from registry.residents.households.models import Household
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams


@dataclass(frozen=True, slots=True)
class Recorded:
    report: SelfReportRead
    created: bool


def _fever(report: SelfReport, threshold: float) -> bool:
    return report.temperature is not None and report.temperature >= round(threshold, 1)


def _read(
    report: SelfReport, name: str, rules: CommunityRules, referral_id: uuid.UUID | None
) -> SelfReportRead:
    return SelfReportRead(
        id=report.id,
        client_id=report.client_id,
        household_id=report.household_id,
        person_id=report.person_id,
        person_name=name,
        quarantine_id=report.quarantine_id,
        reported_at=report.reported_at,
        local_date=report.local_date,
        period=report.period,
        temperature=report.temperature,
        symptoms=[Symptom(s) for s in report.symptoms.split(",") if s],
        antigen_result=report.antigen_result,
        antigen_lot=report.antigen_lot,
        reported_by=report.reported_by,
        fever=_fever(report, rules.fever_threshold),
        replaces_call=report.quarantine_id is not None and rules.self_reports_replace_calls,
        referral_id=referral_id,
    )


async def _visible_household(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID | None
) -> Household:
    """A resident reaches only their own household; staff only households in their area."""
    household = await session.get(Household, household_id) if household_id else None
    if household is None:
        raise SelfReportHouseholdNotFound()
    if principal.role == Role.resident:
        if principal.household_id != household.id:
            raise SelfReportHouseholdNotFound()
    elif not (await scope_of(session, principal)).admits(
        household.community_id, household.building_id, household.floor
    ):
        raise SelfReportHouseholdNotFound()
    return household


async def _replay(session: AsyncSession, earlier: SelfReport, body: SelfReportCreate) -> Recorded:
    if earlier.person_id != body.person_id:  # another member's, or another household's
        raise ClientIdReused(f"client_id {body.client_id} belongs to another self-report")
    members = {p.id: p.name for p in await repository.members_of(session, earlier.household_id)}
    rules = await rules_for(session, earlier.community_id)
    referrals = await repository.referral_ids(session, [earlier.community_id], [earlier.id])
    read = _read(earlier, members.get(earlier.person_id, ""), rules, referrals.get(earlier.id))
    return Recorded(read, created=False)


async def record_self_report(
    session: AsyncSession, principal: Principal, body: SelfReportCreate
) -> Recorded:
    """For a member of the caller's own household only."""
    household = await _visible_household(session, principal, principal.household_id)
    earlier = await repository.get_by_client_id(session, household.community_id, body.client_id)
    if earlier is not None:
        return await _replay(session, earlier, body)
    members = {p.id: p for p in await repository.members_of(session, household.id)}
    person = members.get(body.person_id)
    if person is None:
        raise SelfReportPersonNotFound()
    whole, own = await repository.covering_quarantines(session, household.id)
    rules = await rules_for(session, household.community_id)
    now = utc_now()
    local = now.astimezone(rules.zone)
    report = SelfReport(
        client_id=body.client_id,
        community_id=household.community_id,
        household_id=household.id,
        person_id=person.id,
        quarantine_id=own.get(person.id, whole),
        reported_at=now,
        local_date=local.date(),
        period=period_of(local),
        temperature=body.temperature,
        symptoms=",".join(body.symptoms),
        antigen_result=body.antigen_result,
        antigen_lot=body.antigen_lot or "",
        reported_by=principal.subject,
    )
    session.add(report)
    try:
        await session.flush()
        referral = None
        if _fever(report, rules.fever_threshold) or report.antigen_result == AntigenResult.positive:
            cause = ReferralCause(
                community_id=report.community_id,
                household_id=household.id,
                person_id=person.id,
                quarantine_id=report.quarantine_id,
                temperature=report.temperature,
                self_report_id=report.id,
            )
            referral = await refer(session, cause)
        await session.commit()
    except IntegrityError:
        # The same client id arrived twice at once: the other request recorded it.
        await session.rollback()
        earlier = await repository.get_by_client_id(session, household.community_id, body.client_id)
        if earlier is None:
            raise
        return await _replay(session, earlier, body)
    read = _read(report, person.name, rules, referral.id if referral else None)
    return Recorded(read, created=True)


async def list_self_reports(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    flt: SelfReportFilter,
    page: PageParams,
) -> Page[SelfReportRead]:
    """Staff see their area's, newest first; a resident only their own household's."""
    if principal.role == Role.resident:
        own = await _visible_household(session, principal, principal.household_id)
        reach = Household.id == own.id
    else:
        reach = (await scope_of(session, principal)).narrowed_to(community_id).households()
    flt = SelfReportFilter(reach, flt.household_id, flt.person_id, flt.local_date)
    total = await repository.count_self_reports(session, flt)
    rows = await repository.list_self_reports(session, flt, page.limit, page.offset)
    communities = {r.community_id for r, _ in rows}
    referrals = await repository.referral_ids(session, communities, [r.id for r, _ in rows])
    rules = {c: await rules_for(session, c) for c in communities}
    items = [_read(r, name, rules[r.community_id], referrals.get(r.id)) for r, name in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


async def household_self_reports(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID
) -> HouseholdSelfReports:
    """Who of the household has reported this period, for the card."""
    household = await _visible_household(session, principal, household_id)
    rules = await rules_for(session, household.community_id)
    local: datetime = utc_now().astimezone(rules.zone)
    period = period_of(local)
    members = await repository.members_of(session, household.id)
    whole, own = await repository.covering_quarantines(session, household.id)
    flt = SelfReportFilter(Household.id == household.id, household.id, None, local.date())
    today = await repository.list_self_reports(session, flt, limit=200, offset=0)
    referrals = await repository.referral_ids(
        session, [household.community_id], [r.id for r, _ in today]
    )
    latest: dict[uuid.UUID, SelfReport] = {}
    for report, _ in today:  # newest first
        latest.setdefault(report.person_id, report)
    items = []
    for person in members:
        last = latest.get(person.id)
        items.append(
            MemberSelfReport(
                person_id=person.id,
                name=person.name,
                in_quarantine=own.get(person.id, whole) is not None,
                reported=last is not None and last.period == period,
                latest=_read(last, person.name, rules, referrals.get(last.id)) if last else None,
            )
        )
    return HouseholdSelfReports(
        household_id=household.id,
        local_date=local.date(),
        period=period,
        replaces_calls=rules.self_reports_replace_calls,
        fever_threshold=rules.fever_threshold,
        members=items,
    )
