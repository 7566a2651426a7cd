"""Quarantine orders: open, extend or shorten (with history), release. Each write keeps the
household's status in step and publishes its event in the same transaction (household_status)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.quarantine_rules.service import rules_for
from registry.health.quarantines import repository
from registry.health.quarantines.errors import (
    AlreadyInQuarantine,
    ClientIdReused,
    InvalidQuarantineDates,
    NoticeOnlyForHomeQuarantine,
    QuarantineNotFound,
    QuarantineReleased,
    QuarantineSubjectNotFound,
    ReleaseReasonRequired,
)
from registry.health.quarantines.household_status import settle_household_status
from registry.health.quarantines.models import (
    Quarantine,
    QuarantineChange,
    QuarantineKind,
    QuarantineStatus,
)
from registry.health.quarantines.notice import NoticeText, render_notice_async
from registry.health.quarantines.repository import QuarantineFilter, QuarantineRow
from registry.health.quarantines.schemas import (
    QuarantineChangeRead,
    QuarantineCreate,
    QuarantineDetail,
    QuarantinedPerson,
    QuarantineEndChange,
    QuarantineRead,
    QuarantineRelease,
)
from registry.residents.assignments.scope import Scope, scope_of
from registry.residents.audit.bulk_changes import BulkChange, held_for_approval
from registry.residents.audit.reasons import QuarantineEndReason
from registry.residents.audit.repository import Concerning, add_audit_event
from registry.residents.communities.repository import get_community
from registry.residents.households.models import Household
from shouhu_common.clock import utc_now
from shouhu_common.database import new_id
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams

MAX_DAYS = 90  # a planned end further out is a typing error, not a quarantine
MAX_START_AHEAD_DAYS = 30
MAX_START_BEHIND_DAYS = 60


@dataclass(frozen=True, slots=True)
class Created:
    quarantine: QuarantineDetail | None  # None: held for a second approval
    created: bool  # False: a retry of an earlier request with the same client_id
    pending_approval_id: uuid.UUID | None = None


def quarantine_read(row: QuarantineRow) -> QuarantineRead:
    q = row.quarantine
    return QuarantineRead(
        id=q.id,
        client_id=q.client_id,
        community_id=q.community_id,
        household_id=q.household_id,
        building_id=row.building_id,
        address=row.address,
        person_id=q.person_id,
        person_name=row.person_name,
        kind=q.kind,
        place=q.place,
        start_date=q.start_date,
        planned_end_date=q.planned_end_date,
        status=q.status,
        reason_code=q.reason_code,
        reason=q.reason,
        created_by=q.created_by,
        created_at=q.created_at,
        released_at=q.released_at,
        released_by=q.released_by,
        release_note=q.release_note,
        release_reason_code=q.release_reason_code,
    )


async def _detail(session: AsyncSession, quarantine_id: uuid.UUID) -> QuarantineDetail:
    row = await repository.get_quarantine_row(session, quarantine_id)
    if row is None:
        raise QuarantineNotFound()
    changes = await repository.list_changes(session, row.quarantine)
    people = await repository.covered_people(session, row.quarantine)
    return QuarantineDetail(
        **quarantine_read(row).model_dump(),
        people=[QuarantinedPerson(id=pid, name=name) for pid, name in people],
        changes=[QuarantineChangeRead.model_validate(c) for c in changes],
    )


async def visible_quarantine(
    session: AsyncSession, scope: Scope, quarantine_id: uuid.UUID
) -> QuarantineRow:
    """The quarantine if the caller's scope reaches its household; otherwise not found."""
    row = await repository.get_quarantine_row(session, quarantine_id)
    if row is None or not scope.admits(row.quarantine.community_id, row.building_id, row.floor):
        raise QuarantineNotFound()
    return row


def _check_dates(start: date, end: date, today: date) -> None:
    if not today - timedelta(days=MAX_START_BEHIND_DAYS) <= start:
        raise InvalidQuarantineDates(f"start_date is more than {MAX_START_BEHIND_DAYS} days ago")
    if start > today + timedelta(days=MAX_START_AHEAD_DAYS):
        raise InvalidQuarantineDates(f"start_date is more than {MAX_START_AHEAD_DAYS} days ahead")
    if end < start:
        raise InvalidQuarantineDates("planned_end_date is before start_date")
    if end > start + timedelta(days=MAX_DAYS):
        raise InvalidQuarantineDates(f"a quarantine lasts at most {MAX_DAYS} days")


async def _earlier_order(
    session: AsyncSession, scope: Scope, order: QuarantineCreate
) -> Created | None:
    earlier = await repository.get_by_client_id(session, order.client_id)
    if earlier is None:
        return None
    if (earlier.household_id, earlier.person_id) != (order.household_id, order.person_id):
        raise ClientIdReused(f"client_id {order.client_id} belongs to another quarantine")
    await visible_quarantine(session, scope, earlier.id)
    return Created(await _detail(session, earlier.id), created=False)


async def start_quarantine(
    session: AsyncSession, principal: Principal, order: QuarantineCreate, approved: bool = False
) -> Created:
    """One active quarantine per subject: a person already covered (alone or with the whole
    household) is refused, a whole household only if it already has a household quarantine.
    Beyond the account's hourly threshold it is held for a second approval, unless `approved`."""
    scope = await scope_of(session, principal)
    earlier = await _earlier_order(session, scope, order)
    if earlier is not None:
        return earlier
    household = await repository.lock_household(session, order.household_id)
    if household is None or not scope.admits(
        household.community_id, household.building_id, household.floor
    ):
        raise QuarantineSubjectNotFound("no such household in your communities")
    earlier = await _earlier_order(session, scope, order)  # a retry that waited for the lock
    if earlier is not None:
        return earlier
    if order.person_id is not None:
        person = await repository.get_person(session, household.community_id, order.person_id)
        if person is None or person.household_id != household.id:
            raise QuarantineSubjectNotFound("no such person in this household")
    if await repository.active_covering(session, household, order.person_id) is not None:
        # On SQLite the household lock is no lock and each read sees the latest commit: the
        # covering quarantine may be this very order, just committed by a simultaneous retry.
        earlier = await _earlier_order(session, scope, order)
        if earlier is not None:
            return earlier
        raise AlreadyInQuarantine()

    rules = await rules_for(session, household.community_id)
    today = datetime.now(rules.zone).date()
    start = order.start_date or today
    end = order.planned_end_date or start + timedelta(days=rules.default_days)
    _check_dates(start, end, today)
    if not approved:
        change = BulkChange(
            "start_quarantine",
            household.community_id,
            household.id,
            None,
            order.client_id,
            order.model_dump(mode="json"),
        )
        pending = await held_for_approval(session, principal, change)
        if pending is not None:
            await session.commit()
            return Created(None, created=False, pending_approval_id=pending)

    previous_end = await repository.home_quarantine_end(session, household)
    quarantine = Quarantine(
        id=new_id(),  # named by the audit record before the flush
        client_id=order.client_id,
        community_id=household.community_id,
        household_id=household.id,
        person_id=order.person_id,
        kind=order.kind,
        place=order.place,
        start_date=start,
        planned_end_date=end,
        reason_code=order.reason_code,
        reason=order.reason,
        created_by=principal.subject,
    )
    session.add(quarantine)
    _audit(session, principal, "start_quarantine", quarantine, order.reason, order.reason_code)
    try:
        await settle_household_status(session, household, previous_end)
        await session.commit()
    except IntegrityError:
        # The same client id arrived twice at once: the other request made the quarantine.
        await session.rollback()
        first = await repository.get_by_client_id(session, order.client_id)
        if first is None:
            raise
        return Created(await _detail(session, first.id), created=False)
    return Created(await _detail(session, quarantine.id), created=True)


async def list_quarantines(
    session: AsyncSession, principal: Principal, flt: QuarantineFilter, page: PageParams
) -> Page[QuarantineRead]:
    scope = (await scope_of(session, principal)).narrowed_to(
        flt.community_ids[0] if flt.community_ids else None
    )
    flt = QuarantineFilter(
        community_ids=scope.community_ids,
        building_ids=scope.building_ids,
        floors=scope.floors,
        status=flt.status,
        kind=flt.kind,
        household_id=flt.household_id,
        person_id=flt.person_id,
    )
    total = await repository.count_quarantines(session, flt)
    rows = await repository.list_quarantines(session, flt, page.limit, page.offset)
    return Page(
        items=[quarantine_read(r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


async def get_quarantine(
    session: AsyncSession, principal: Principal, quarantine_id: uuid.UUID
) -> QuarantineDetail:
    await visible_quarantine(session, await scope_of(session, principal), quarantine_id)
    return await _detail(session, quarantine_id)


async def _locked_active(
    session: AsyncSession, principal: Principal, quarantine_id: uuid.UUID
) -> tuple[Quarantine, Household]:
    row = await visible_quarantine(session, await scope_of(session, principal), quarantine_id)
    household = await repository.lock_household(session, row.quarantine.household_id)
    quarantine = row.quarantine
    await session.refresh(quarantine)  # re-read under the household lock
    if household is None:
        raise QuarantineNotFound()
    if quarantine.status != QuarantineStatus.active:
        raise QuarantineReleased()
    return quarantine, household


async def change_end_date(
    session: AsyncSession,
    principal: Principal,
    quarantine_id: uuid.UUID,
    change: QuarantineEndChange,
) -> QuarantineDetail:
    """Extend or shorten; each change is kept with its reason. A new end in the past is
    refused: ending a quarantine early is a release."""
    quarantine, household = await _locked_active(session, principal, quarantine_id)
    rules = await rules_for(session, quarantine.community_id)
    today = datetime.now(rules.zone).date()
    if change.planned_end_date < today:
        raise InvalidQuarantineDates("planned_end_date is in the past: release it instead")
    if change.planned_end_date < quarantine.start_date:
        raise InvalidQuarantineDates("planned_end_date is before start_date")
    if change.planned_end_date > quarantine.start_date + timedelta(days=MAX_DAYS):
        raise InvalidQuarantineDates(f"a quarantine lasts at most {MAX_DAYS} days")
    if change.planned_end_date == quarantine.planned_end_date:
        raise InvalidQuarantineDates("planned_end_date is unchanged")
    previous_end = await repository.home_quarantine_end(session, household)
    session.add(
        QuarantineChange(
            community_id=quarantine.community_id,
            quarantine_id=quarantine.id,
            previous_end_date=quarantine.planned_end_date,
            planned_end_date=change.planned_end_date,
            reason_code=change.reason_code,
            reason=change.reason,
            changed_by=principal.subject,
        )
    )
    quarantine.planned_end_date = change.planned_end_date
    _audit(
        session, principal, "change_quarantine_end", quarantine, change.reason, change.reason_code
    )
    await settle_household_status(session, household, previous_end)
    await session.commit()
    return await _detail(session, quarantine.id)


async def release_quarantine(
    session: AsyncSession,
    principal: Principal,
    quarantine_id: uuid.UUID,
    release: QuarantineRelease,
) -> QuarantineDetail:
    """Released once; the household returns to normal with its last home quarantine. Before
    its planned end (an early release) the reason code is required."""
    quarantine, household = await _locked_active(session, principal, quarantine_id)
    rules = await rules_for(session, quarantine.community_id)
    code = release.reason_code
    if code is None:
        if datetime.now(rules.zone).date() < quarantine.planned_end_date:
            raise ReleaseReasonRequired("an early release needs `reason_code`")
        code = QuarantineEndReason.period_completed
    previous_end = await repository.home_quarantine_end(session, household)
    quarantine.status = QuarantineStatus.released
    quarantine.released_at = utc_now()
    quarantine.released_by = principal.subject
    quarantine.release_note = release.note
    quarantine.release_reason_code = code
    _audit(session, principal, "release_quarantine", quarantine, release.note, code)
    await settle_household_status(session, household, previous_end)
    await session.commit()
    return await _detail(session, quarantine.id)


def _audit(
    session: AsyncSession,
    principal: Principal,
    action: str,
    quarantine: Quarantine,
    reason: str,
    reason_code: str,
) -> None:
    concerning = Concerning(quarantine.community_id, quarantine.household_id, quarantine.person_id)
    add_audit_event(
        session,
        principal,
        action,
        "quarantine",
        str(quarantine.id),
        reason,
        "",
        concerning,
        reason_code,
    )


async def notice_pdf(
    session: AsyncSession, principal: Principal, quarantine_id: uuid.UUID
) -> bytes:
    """Only for an active home quarantine: a centralized one has nothing to hang on the door."""
    row = await visible_quarantine(session, await scope_of(session, principal), quarantine_id)
    quarantine = row.quarantine
    if quarantine.kind != QuarantineKind.home:
        raise NoticeOnlyForHomeQuarantine()
    if quarantine.status != QuarantineStatus.active:
        raise QuarantineReleased()
    community = await get_community(session, quarantine.community_id)
    rules = await rules_for(session, quarantine.community_id)
    return await render_notice_async(
        NoticeText(
            community=community.name if community else "",
            subdistrict=community.subdistrict if community else "",
            address=row.address,
            start_date=quarantine.start_date,
            planned_end_date=quarantine.planned_end_date,
            whole_household=quarantine.person_id is None,
            fever_threshold=rules.fever_threshold,
            issued_on=datetime.now(rules.zone).date(),
        )
    )
