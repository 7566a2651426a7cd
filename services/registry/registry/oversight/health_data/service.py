"""Purging a community's health data when the emergency ends (PIPL Art. 19, 47).

An admin types the community's name back and names the final health-data export (its audit
record), made in the last 24 hours and after the last health-data write, so nothing is deleted
that the export did not keep. Then, in one transaction: screenings, returnees, quarantines and
their changes, follow-ups, self-reports, referrals, gate logs, visitors and quota slots of that
community are deleted, and medicine requests, runs and the custody log of cards and books
(refused while a card or book is not back with its owner); households under quarantine (or
sealed) go back to `normal` with a `household.released` event each (supplies stops delivering to
the door); the gates' state version is bumped (passes' quarantine suspension lifts); the purge is
recorded and audited. Households, people, passes and the community's rules stay. There is no undo.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.state import GateStates
from registry.access.passes.versions import bump_state_version
from registry.events import HOUSEHOLD_RELEASED, publish_household_status
from registry.oversight.health_data import repository
from registry.oversight.health_data.errors import (
    CardsStillOut,
    ConfirmationMismatch,
    ExportNotFound,
    ExportOutdated,
    ExportTooOld,
    PurgeNotFound,
)
from registry.oversight.health_data.medicine_sheets import items_out
from registry.oversight.health_data.models import HealthDataPurge
from registry.oversight.health_data.schemas import PurgeCreate, PurgeRead
from registry.residents.audit.repository import add_audit_event
from registry.residents.communities.errors import CommunityNotFound
from registry.residents.communities.repository import get_community
from registry.residents.households.models import HouseholdStatus
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams

EXPORT_VALID_FOR = timedelta(hours=24)


def purge_read(p: HealthDataPurge) -> PurgeRead:
    return PurgeRead(
        id=p.id,
        community_id=p.community_id,
        export_id=p.export_id,
        purged_by=p.purged_by,
        purged_at=p.purged_at,
        reason=p.reason,
        counts={k: int(v) for k, v in p.counts.items()},
        households_released=p.households_released,
    )


async def purge(
    session: AsyncSession,
    states: GateStates,
    principal: Principal,
    body: PurgeCreate,
    request_id: str,
    now: datetime,
) -> PurgeRead:
    community = await get_community(session, body.community_id)
    if community is None or not principal.in_community(community.id):
        raise CommunityNotFound()
    if body.confirm.strip() != community.name:
        raise ConfirmationMismatch(f"type the community's name: {community.name}")
    out = await items_out(session, community.id)
    if out:
        raise CardsStillOut("；".join(out))
    export = await repository.health_export(session, body.export_id, community.id)
    if export is None:
        raise ExportNotFound("export the health data first: GET /api/v1/exports/health-data.xlsx")
    if now - export.at > EXPORT_VALID_FOR:
        raise ExportTooOld()
    last = await repository.last_write(session, community.id)
    if last is not None and last > export.at:
        raise ExportOutdated(f"last health-data write {last.isoformat()}, export {export.at}")

    households = await repository.households_to_release(session, community.id)
    counts = await repository.delete_health_data(session, community.id)
    for household in households:
        household.status = HouseholdStatus.normal
        await publish_household_status(
            session,
            topic=HOUSEHOLD_RELEASED,
            household_id=household.id,
            community_id=community.id,
            status=HouseholdStatus.normal.value,
            quarantine_end_date=None,
        )
    await bump_state_version(session, community.id)
    record = HealthDataPurge(
        id=uuid.uuid4(),
        community_id=community.id,
        export_id=export.id,
        purged_by=principal.subject,
        purged_at=now,
        reason=body.reason,
        counts=counts,
        households_released=len(households),
    )
    session.add(record)
    summary = " ".join(f"{table}={n}" for table, n in counts.items() if n)
    add_audit_event(
        session,
        principal,
        "purge_health_data",
        "community",
        str(community.id),
        f"purge {record.id} export {export.id}: {body.reason}; {summary or 'nothing'}"[:200],
        request_id,
    )
    await session.commit()
    states.forget(community.id)  # its quota slots are gone: reload on the next gate request
    return purge_read(record)


def _scope(principal: Principal) -> list[uuid.UUID] | None:
    return None if principal.role == Role.admin else list(principal.community_ids)


async def list_purges(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None, page: PageParams
) -> Page[PurgeRead]:
    scope = _scope(principal)
    if community_id is not None:
        scope = [community_id] if scope is None or community_id in scope else []
    total, rows = await repository.list_purges(session, scope, page.limit, page.offset)
    return Page(
        items=[purge_read(p) for p in rows], total=total, limit=page.limit, offset=page.offset
    )


async def get_purge(session: AsyncSession, principal: Principal, purge_id: uuid.UUID) -> PurgeRead:
    record = await session.get(HealthDataPurge, purge_id)
    if record is None or not principal.in_community(record.community_id):
        raise PurgeNotFound()
    return purge_read(record)
