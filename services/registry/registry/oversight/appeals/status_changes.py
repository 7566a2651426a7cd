"""The status changes that currently lock a household or its members in, with their reasons and
the latest appeal against each: what the household card shows and what may be appealed."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.passes.models import PassStatus
from registry.health.quarantine_rules.service import rules_for
from registry.oversight.appeals import repository
from registry.oversight.appeals.models import Appeal, AppealedRecord
from registry.oversight.appeals.schemas import AppealBrief, StatusChangeRead
from registry.residents.assignments.scope import scope_of
from registry.residents.audit.reasons import label_of
from registry.residents.households.errors import HouseholdNotFound
from registry.residents.households.models import Household
from shouhu_common.identity import Principal, Role
from shouhu_common.pii import mask_name


async def visible_household(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID
) -> Household:
    """A resident reaches only their own household; staff their communities, a grid worker
    their buildings. Anything else is not found."""
    household = await session.get(Household, household_id)
    if household is None:
        raise HouseholdNotFound()
    if principal.role == Role.resident:
        if principal.household_id != household.id:
            raise HouseholdNotFound()
        return household
    scope = await scope_of(session, principal)
    if not scope.admits(household.community_id, household.building_id, household.floor):
        raise HouseholdNotFound()
    return household


def _brief(appeal: Appeal | None) -> AppealBrief | None:
    if appeal is None:
        return None
    return AppealBrief(
        id=appeal.id,
        status=appeal.status,
        outcome=appeal.outcome,
        answer_note=appeal.answer_note,
        submitted_at=appeal.submitted_at,
        answered_at=appeal.answered_at,
    )


def _name(name: str | None) -> str | None:
    return mask_name(name) if name else None


async def status_changes(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID
) -> list[StatusChangeRead]:
    household = await visible_household(session, principal, household_id)
    quarantines = await repository.active_quarantines(session, household)
    passes = await repository.withdrawn_passes(session, household)
    ids = [q.id for q, _ in quarantines] + [p.id for p, _ in passes]
    appeals = await repository.latest_appeals(session, household.community_id, ids)
    zone = (await rules_for(session, household.community_id)).zone
    changes = [
        StatusChangeRead(
            record_type=AppealedRecord.quarantine,
            record_id=q.id,
            kind="quarantine",
            person_name=_name(name),
            reason_code=q.reason_code,
            reason_label=label_of(q.reason_code),
            reason=q.reason,
            since=q.start_date,
            until=q.planned_end_date,
            appeal=_brief(appeals.get(q.id)),
        )
        for q, name in quarantines
    ]
    changes += [
        StatusChangeRead(
            record_type=AppealedRecord.access_pass,
            record_id=p.id,
            kind="pass_suspended" if p.status == PassStatus.suspended else "pass_revoked",
            person_name=_name(name),
            reason_code=p.reason_code,
            reason_label=label_of(p.reason_code),
            reason=p.reason,
            since=_local_date(p.updated_at, zone),
            until=None,
            appeal=_brief(appeals.get(p.id)),
        )
        for p, name in passes
    ]
    return changes


def _local_date(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()
