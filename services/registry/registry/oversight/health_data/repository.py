"""The health data of one community, table by table: its newest write, and deleting it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.models import GateLog, GateQuotaUse, GateVisitor
from registry.access.visitor_registrations.models import VisitorRegistration
from registry.health.follow_ups.models import FollowUp
from registry.health.quarantines.models import Quarantine, QuarantineChange
from registry.health.referrals.models import Referral
from registry.health.returnees.models import Returnee
from registry.health.sampling.models import HouseholdKnock, SampleRegistration, SampleTube
from registry.health.screenings.models import Screening, ScreeningRound
from registry.health.self_reports.models import SelfReport
from registry.health.test_results.models import RetestEntry, WatchedBuilding
from registry.health.testing_rounds.models import (
    RoundArrangement,
    RoundSlot,
    SamplingPoint,
    TestingRound,
)
from registry.operations.care_list.models import CareCheckIn, CareEntry
from registry.oversight.health_data import medicine_sheets
from registry.oversight.health_data.models import HealthDataPurge
from registry.residents.audit.models import AuditEvent
from registry.residents.households.models import Household, HouseholdStatus

HEALTH_EXPORT_ACTIONS = ("export_health_data_masked", "export_health_data_full")


def _latest_writes(community_id: uuid.UUID) -> list[Select[Any]]:
    """One `max(time)` per kind of write: created, released, changed, closed, uploaded."""
    quarantines = select(Quarantine.id).where(Quarantine.community_id == community_id)
    return [
        select(func.max(ScreeningRound.started_at)).where(
            ScreeningRound.community_id == community_id
        ),
        select(func.max(Screening.screened_at)).where(Screening.community_id == community_id),
        select(func.max(Returnee.created_at)).where(Returnee.community_id == community_id),
        select(func.max(Quarantine.created_at)).where(Quarantine.community_id == community_id),
        select(func.max(Quarantine.released_at)).where(Quarantine.community_id == community_id),
        select(func.max(QuarantineChange.changed_at)).where(
            QuarantineChange.quarantine_id.in_(quarantines)
        ),
        select(func.max(FollowUp.created_at)).where(FollowUp.community_id == community_id),
        select(func.max(Referral.opened_at)).where(Referral.community_id == community_id),
        select(func.max(Referral.closed_at)).where(Referral.community_id == community_id),
        select(func.max(GateLog.received_at)).where(GateLog.community_id == community_id),
        select(func.max(GateVisitor.registered_at)).where(GateVisitor.community_id == community_id),
        select(func.max(TestingRound.updated_at)).where(TestingRound.community_id == community_id),
        select(func.max(RoundArrangement.created_at)).where(
            RoundArrangement.community_id == community_id
        ),
        select(func.max(SampleRegistration.created_at)).where(
            SampleRegistration.community_id == community_id
        ),
        select(func.max(SampleTube.result_at)).where(SampleTube.community_id == community_id),
        select(func.max(HouseholdKnock.knocked_at)).where(
            HouseholdKnock.community_id == community_id
        ),
        select(func.max(RetestEntry.created_at)).where(RetestEntry.community_id == community_id),
        select(func.max(CareEntry.created_at)).where(CareEntry.community_id == community_id),
        select(func.max(CareCheckIn.created_at)).where(CareCheckIn.community_id == community_id),
        *medicine_sheets.latest_writes(community_id),
        select(func.max(SelfReport.created_at)).where(SelfReport.community_id == community_id),
        select(func.max(VisitorRegistration.submitted_at)).where(
            VisitorRegistration.community_id == community_id
        ),
    ]


async def last_write(session: AsyncSession, community_id: uuid.UUID) -> datetime | None:
    """When the community's health data last changed (None: it has none)."""
    times = [(await session.execute(q)).scalar_one_or_none() for q in _latest_writes(community_id)]
    present = [t for t in times if t is not None]
    return max(present) if present else None


async def health_export(
    session: AsyncSession, export_id: uuid.UUID, community_id: uuid.UUID
) -> AuditEvent | None:
    query = select(AuditEvent).where(
        AuditEvent.id == export_id,
        AuditEvent.action.in_(HEALTH_EXPORT_ACTIONS),
        AuditEvent.target_type == "community",
        AuditEvent.target_id == str(community_id),
    )
    return (await session.scalars(query)).first()


async def households_to_release(
    session: AsyncSession, community_id: uuid.UUID
) -> Sequence[Household]:
    """Households not `normal`, or with an open home quarantine, locked for the purge."""
    open_home = select(Quarantine.household_id).where(
        Quarantine.community_id == community_id,
        Quarantine.status == "active",
        Quarantine.kind == "home",
    )
    query = (
        select(Household)
        .where(
            Household.community_id == community_id,
            (Household.status != HouseholdStatus.normal) | Household.id.in_(open_home),
        )
        .order_by(Household.id)
        .with_for_update()
    )
    return (await session.scalars(query)).all()


async def delete_health_data(session: AsyncSession, community_id: uuid.UUID) -> dict[str, int]:
    """Deletes every health and whereabouts row of the community, children before parents;
    returns the rows deleted per table. Households, people and passes are not touched.

    Gate logs go row by row: a day's partition (PostgreSQL) holds every community's logs, so
    there is none to drop. Their receipts stay (a client id and a time, naming no one) until the
    gate-log retention, so that a phone's late retry cannot bring a purged log back."""
    quarantines = select(Quarantine.id).where(Quarantine.community_id == community_id)
    statements: list[tuple[str, Any]] = [
        ("referral", delete(Referral).where(Referral.community_id == community_id)),
        ("follow_up", delete(FollowUp).where(FollowUp.community_id == community_id)),
        ("self_report", delete(SelfReport).where(SelfReport.community_id == community_id)),
        (
            "quarantine_change",
            delete(QuarantineChange).where(QuarantineChange.quarantine_id.in_(quarantines)),
        ),
        ("quarantine", delete(Quarantine).where(Quarantine.community_id == community_id)),
        ("screening", delete(Screening).where(Screening.community_id == community_id)),
        (
            "screening_round",
            delete(ScreeningRound).where(ScreeningRound.community_id == community_id),
        ),
        ("gate_quota_use", delete(GateQuotaUse).where(GateQuotaUse.community_id == community_id)),
        ("gate_log", delete(GateLog).where(GateLog.community_id == community_id)),
        (
            "visitor_registration",
            delete(VisitorRegistration).where(VisitorRegistration.community_id == community_id),
        ),
        ("gate_visitor", delete(GateVisitor).where(GateVisitor.community_id == community_id)),
        ("returnee", delete(Returnee).where(Returnee.community_id == community_id)),
        ("care_check_in", delete(CareCheckIn).where(CareCheckIn.community_id == community_id)),
        ("care_entry", delete(CareEntry).where(CareEntry.community_id == community_id)),
        *_round_deletes(community_id),
        *medicine_sheets.deletes(community_id),
    ]
    counts: dict[str, int] = {}
    for table, statement in statements:
        result = await session.execute(statement.execution_options(synchronize_session=False))
        counts[table] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    return counts


def _round_deletes(community_id: uuid.UUID) -> list[tuple[str, Any]]:
    """The testing rounds' tables, children before parents: plans, tubes, swabs and results."""
    tables: tuple[Any, ...] = (
        RetestEntry,
        WatchedBuilding,
        HouseholdKnock,
        SampleRegistration,
        SampleTube,
        RoundArrangement,
        RoundSlot,
        SamplingPoint,
        TestingRound,
    )
    return [(t.__tablename__, delete(t).where(t.community_id == community_id)) for t in tables]


async def list_purges(
    session: AsyncSession, community_ids: Sequence[uuid.UUID] | None, limit: int, offset: int
) -> tuple[int, Sequence[HealthDataPurge]]:
    query = select(HealthDataPurge)
    if community_ids is not None:
        query = query.where(HealthDataPurge.community_id.in_(community_ids))
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
    rows = await session.scalars(
        query.order_by(HealthDataPurge.purged_at.desc(), HealthDataPurge.id)
        .limit(limit)
        .offset(offset)
    )
    return int(total), rows.all()
