"""Appeals 申诉: a household contests one of its status changes from the card; staff of the
community answer on the record (维持 upheld or 已更正 changed). Answering `changed` lifts nothing
by itself: the status is lifted through its own route, with its own reason, so every lift is
recorded the same way. Appeals and answers are audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.oversight.appeals import repository
from registry.oversight.appeals.errors import (
    AppealAlreadyAnswered,
    AppealAlreadyOpen,
    AppealClientIdReused,
    AppealedRecordNotFound,
    AppealNotFound,
)
from registry.oversight.appeals.models import Appeal, AppealStatus
from registry.oversight.appeals.repository import AppealFilter, AppealRow
from registry.oversight.appeals.schemas import AppealAnswer, AppealCreate, AppealRead
from registry.oversight.appeals.status_changes import visible_household
from registry.residents.assignments.scope import scope_of
from registry.residents.audit.repository import Concerning, add_audit_event
from registry.residents.households.errors import HouseholdNotFound
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams
from shouhu_common.pii import PersonalDataCipher, mask_phone


@dataclass(frozen=True, slots=True)
class Submitted:
    appeal: AppealRead
    created: bool  # False: a retry with the same client_id


def appeal_read(cipher: PersonalDataCipher, row: AppealRow) -> AppealRead:
    a = row.appeal
    return AppealRead(
        id=a.id,
        client_id=a.client_id,
        community_id=a.community_id,
        household_id=a.household_id,
        address=row.address,
        record_type=a.record_type,
        record_id=a.record_id,
        text=a.text,
        phone=mask_phone(cipher.decrypt(a.phone_enc)) if a.phone_enc else None,
        status=a.status,
        outcome=a.outcome,
        answer_note=a.answer_note,
        answered_by=a.answered_by,
        answered_at=a.answered_at,
        submitted_at=a.submitted_at,
    )


async def _read(
    session: AsyncSession, cipher: PersonalDataCipher, appeal_id: uuid.UUID
) -> AppealRead:
    row = await repository.get_appeal_row(session, appeal_id)
    if row is None:
        raise AppealNotFound()
    return appeal_read(cipher, row)


async def _replay(
    session: AsyncSession, cipher: PersonalDataCipher, principal: Principal, body: AppealCreate
) -> Submitted | None:
    earlier = await repository.get_by_client_id(session, body.client_id)
    if earlier is None:
        return None
    if earlier.household_id != principal.household_id or earlier.record_id != body.record_id:
        raise AppealClientIdReused(f"client_id {body.client_id} belongs to another appeal")
    return Submitted(await _read(session, cipher, earlier.id), created=False)


async def submit_appeal(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    body: AppealCreate,
    now: datetime,
) -> Submitted:
    """Only against a quarantine or pass of the resident's own household (another household's
    record is not found); one open appeal per record."""
    earlier = await _replay(session, cipher, principal, body)
    if earlier is not None:
        return earlier
    if principal.household_id is None:
        raise AppealedRecordNotFound()
    try:
        household = await visible_household(session, principal, principal.household_id)
    except HouseholdNotFound:
        raise AppealedRecordNotFound() from None
    if not await repository.record_of_household(
        session, household, body.record_type, body.record_id
    ):
        raise AppealedRecordNotFound()
    if await repository.open_appeal_against(session, household.community_id, body.record_id):
        raise AppealAlreadyOpen()
    appeal = Appeal(
        id=uuid.uuid4(),
        client_id=body.client_id,
        community_id=household.community_id,
        household_id=household.id,
        building_id=household.building_id,
        floor=household.floor,
        record_type=body.record_type,
        record_id=body.record_id,
        text=body.text,
        phone_enc=cipher.encrypt(body.phone) if body.phone else None,
        submitted_by=principal.subject,
        submitted_at=now,
    )
    session.add(appeal)
    _audit(session, principal, "submit_appeal", appeal, body.text[:200], "")
    try:
        await session.commit()
    except IntegrityError:  # the same client id twice at once: the other request stored it
        await session.rollback()
        again = await _replay(session, cipher, principal, body)
        if again is None:
            raise
        return again
    return Submitted(await _read(session, cipher, appeal.id), created=True)


async def _visible(session: AsyncSession, principal: Principal, appeal_id: uuid.UUID) -> AppealRow:
    row = await repository.get_appeal_row(session, appeal_id)
    if row is None:
        raise AppealNotFound()
    a = row.appeal
    if principal.role == Role.resident:
        if principal.household_id != a.household_id:
            raise AppealNotFound()
        return row
    scope = await scope_of(session, principal)
    if not scope.admits(a.community_id, a.building_id, a.floor):
        raise AppealNotFound()
    return row


async def get_appeal(
    session: AsyncSession, cipher: PersonalDataCipher, principal: Principal, appeal_id: uuid.UUID
) -> AppealRead:
    return appeal_read(cipher, await _visible(session, principal, appeal_id))


async def list_appeals(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    community_id: uuid.UUID | None,
    status: AppealStatus | None,
    page: PageParams,
) -> Page[AppealRead]:
    """Staff see their communities' appeals, a grid worker those of their buildings, a resident
    their household's."""
    if principal.role == Role.resident:
        flt = AppealFilter(None, status, household_id=principal.household_id or uuid.UUID(int=0))
    else:
        scope = (await scope_of(session, principal)).narrowed_to(community_id)
        flt = AppealFilter(scope.community_ids, status, within=scope.households())
    total, rows = await repository.list_appeals(session, flt, page.limit, page.offset)
    return Page(
        items=[appeal_read(cipher, r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


async def answer_appeal(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    appeal_id: uuid.UUID,
    body: AppealAnswer,
    now: datetime,
) -> AppealRead:
    """Answered once, with a note; the answer is on the record and on the household's card."""
    row = await _visible(session, principal, appeal_id)
    appeal = await repository.lock_appeal(session, row.appeal.id)
    if appeal is None:
        raise AppealNotFound()
    if appeal.status != AppealStatus.open:
        raise AppealAlreadyAnswered()
    appeal.status = AppealStatus.answered
    appeal.outcome = body.outcome
    appeal.answer_note = body.note
    appeal.answered_by = principal.subject
    appeal.answered_at = now
    _audit(session, principal, "answer_appeal", appeal, body.note[:200], body.outcome)
    await session.commit()
    return await _read(session, cipher, appeal.id)


def _audit(
    session: AsyncSession,
    principal: Principal,
    action: str,
    appeal: Appeal,
    reason: str,
    reason_code: str,
) -> None:
    concerning = Concerning(appeal.community_id, appeal.household_id)
    add_audit_event(
        session, principal, action, "appeal", str(appeal.id), reason, "", concerning, reason_code
    )
