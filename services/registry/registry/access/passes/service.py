"""Issuing, reading and changing access passes. Each change bumps the community's pass state
version in the same transaction and is applied to this replica's gate state right after commit."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.state import GateStates
from registry.access.passes import repository
from registry.access.passes.errors import (
    HouseholdNotFound,
    InvalidValidity,
    PassAlreadyIssued,
    PassNotFound,
    PassNotSuspended,
    PassReasonRequired,
    PassRevoked,
    PersonNotInHousehold,
)
from registry.access.passes.models import AccessPass, PassStatus
from registry.access.passes.numbers import new_pass_number
from registry.access.passes.repository import PassFilter, PassRow
from registry.access.passes.schemas import PassChange, PassIssue, PassRead
from registry.access.passes.signing import PassSigner
from registry.access.passes.tokens import PassClaims, sign_token
from registry.access.passes.versions import bump_state_version
from registry.residents.assignments.scope import scope_of
from registry.residents.audit.bulk_changes import BulkChange, HeldForApproval, held_for_approval
from registry.residents.audit.repository import Concerning, add_audit_event
from registry.residents.households.models import Household, HouseholdStatus
from registry.residents.people.models import Person
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams

MAX_VALIDITY = timedelta(days=366)
CLOSED_STATUSES = {HouseholdStatus.home_quarantine.value, HouseholdStatus.sealed.value}


def communities_of(principal: Principal) -> list[uuid.UUID] | None:
    return None if principal.role == Role.admin else list(principal.community_ids)


def effective_status(p: AccessPass, household_status: str, now: datetime) -> str:
    if p.status != PassStatus.active:
        return str(p.status)
    if household_status in CLOSED_STATUSES:
        return PassStatus.suspended.value
    return "expired" if now >= p.valid_until else PassStatus.active.value


def pass_read(row: PassRow, now: datetime) -> PassRead:
    p = row.access_pass
    reason = p.reason
    if p.status == PassStatus.active and row.household_status in CLOSED_STATUSES:
        reason = "该户正在居家隔离" if row.household_status == "home_quarantine" else "该户已封控"
    return PassRead(
        id=p.id,
        community_id=p.community_id,
        household_id=p.household_id,
        person_id=p.person_id,
        number=p.number,
        status=str(p.status),
        effective_status=effective_status(p, row.household_status, now),
        reason_code=p.reason_code,
        reason=reason,
        address=row.address,
        valid_from=p.valid_from,
        valid_until=p.valid_until,
        kid=p.kid,
        pass_version=p.pass_version,
        token=p.token,
        replaced_by_id=p.replaced_by_id,
        issued_at=p.issued_at,
    )


async def load_pass(session: AsyncSession, principal: Principal, pass_id: uuid.UUID) -> PassRow:
    """A resident reads only their household's passes; staff only their communities'; a grid
    worker only those of the households in their grid."""
    row = await repository.get_pass_row(session, pass_id)
    if row is None:
        raise PassNotFound()
    p = row.access_pass
    if principal.role == Role.resident:
        if principal.household_id != p.household_id:
            raise PassNotFound()
    elif not principal.in_community(p.community_id):
        raise PassNotFound()
    elif principal.role == Role.grid_worker:
        household = await session.get(Household, p.household_id)
        scope = await scope_of(session, principal)
        if household is None or not scope.admits(
            household.community_id, household.building_id, household.floor
        ):
            raise PassNotFound()
    return row


async def list_passes(
    session: AsyncSession, principal: Principal, flt: PassFilter, page: PageParams, now: datetime
) -> Page[PassRead]:
    scope = communities_of(principal)
    if principal.role == Role.resident:
        flt = PassFilter(community_ids=None, household_id=principal.household_id, status=flt.status)
    elif scope is not None:
        wanted = flt.community_ids if flt.community_ids is not None else scope
        flt = PassFilter(
            [c for c in wanted if c in scope],
            flt.household_id,
            flt.building_id,
            flt.status,
            households=(await scope_of(session, principal)).households(),
        )
    total, rows = await repository.list_pass_rows(session, flt, page.limit, page.offset)
    return Page(
        items=[pass_read(r, now) for r in rows], total=total, limit=page.limit, offset=page.offset
    )


async def get_pass(
    session: AsyncSession, principal: Principal, pass_id: uuid.UUID, now: datetime
) -> PassRead:
    return pass_read(await load_pass(session, principal, pass_id), now)


def check_validity(valid_from: datetime | None, valid_until: datetime, now: datetime) -> datetime:
    start = valid_from or now
    if valid_until <= start or valid_until <= now:
        raise InvalidValidity("valid_until must be after valid_from and in the future")
    if valid_until - start > MAX_VALIDITY:
        raise InvalidValidity("a pass is valid for at most a year")
    return start


async def new_pass(
    session: AsyncSession,
    signer: PassSigner,
    household: Household,
    person_id: uuid.UUID | None,
    valid_from: datetime,
    valid_until: datetime,
    version: int,
) -> AccessPass:
    kid, key = await signer.current_key(session, household.community_id)
    pending: set[str] = session.info.setdefault("new_pass_numbers", set())
    number = new_pass_number()
    while number in pending or await repository.number_taken(session, number):
        number = new_pass_number()
    pending.add(number)
    pass_id = uuid.uuid4()
    claims = PassClaims(kid, pass_id, household.id, valid_from, valid_until, 1)
    access_pass = AccessPass(
        id=pass_id,
        community_id=household.community_id,
        household_id=household.id,
        person_id=person_id,
        number=number,
        status=PassStatus.active,
        valid_from=claims.valid_from.replace(microsecond=0),
        valid_until=claims.valid_until.replace(microsecond=0),
        kid=kid,
        pass_version=1,
        token=sign_token(claims, key),
        state_version=version,
    )
    session.add(access_pass)
    return access_pass


async def _household(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID
) -> Household:
    household = await session.get(Household, household_id)
    if household is None or not principal.in_community(household.community_id):
        raise HouseholdNotFound()
    return household


async def issue_pass(
    session: AsyncSession,
    signer: PassSigner,
    states: GateStates,
    principal: Principal,
    body: PassIssue,
    now: datetime,
) -> PassRead:
    """One active pass per household (or per person): a second one is a reissue."""
    household = await _household(session, principal, body.household_id)
    if body.person_id is not None:
        person = await session.get(Person, body.person_id)
        if person is None or person.household_id != household.id:
            raise PersonNotInHousehold()
    start = check_validity(body.valid_from, body.valid_until, now)
    if await repository.active_household_pass(session, household.id, body.person_id):
        raise PassAlreadyIssued()
    version = await bump_state_version(session, household.community_id)
    access_pass = await new_pass(
        session, signer, household, body.person_id, start, body.valid_until, version
    )
    await session.commit()
    await states.refresh_community(household.community_id)
    return await get_pass(session, principal, access_pass.id, now)


STATUS_ACTIONS = {
    PassStatus.active: "resume_pass",
    PassStatus.suspended: "suspend_pass",
    PassStatus.revoked: "revoke_pass",
}


async def change_status(
    session: AsyncSession,
    states: GateStates,
    principal: Principal,
    pass_id: uuid.UUID,
    status: PassStatus,
    change: PassChange,
    now: datetime,
    approved: bool = False,
) -> PassRead | HeldForApproval:
    """Revoke (final), suspend, or resume a suspended pass. Suspending and revoking need a
    reason code: a pass is not taken away without saying why; beyond the account's hourly
    threshold of households they are held for a second approval, unless `approved`."""
    if status != PassStatus.active and change.reason_code is None:
        raise PassReasonRequired(f"say why in `reason_code` to {STATUS_ACTIONS[status][:-5]}")
    row = await load_pass(session, principal, pass_id)
    access_pass = await repository.get_pass_for_update(session, row.access_pass.id)
    assert access_pass is not None
    if access_pass.status == PassStatus.revoked:
        raise PassRevoked()
    if status == PassStatus.active and access_pass.status != PassStatus.suspended:
        raise PassNotSuspended()
    if status != PassStatus.active and not approved:
        bulk = BulkChange(
            STATUS_ACTIONS[status],
            access_pass.community_id,
            access_pass.household_id,
            access_pass.id,
            None,
            change.model_dump(mode="json"),
        )
        pending = await held_for_approval(session, principal, bulk)
        if pending is not None:
            await session.commit()
            return HeldForApproval(pending_approval_id=pending)
    code = change.reason_code or ""
    access_pass.status = status
    access_pass.reason = change.reason
    access_pass.reason_code = "" if status == PassStatus.active else code
    _audit(session, principal, STATUS_ACTIONS[status], access_pass, change.reason, code)
    access_pass.state_version = await bump_state_version(session, access_pass.community_id)
    await session.commit()
    await states.refresh_community(access_pass.community_id)
    return await get_pass(session, principal, pass_id, now)


async def reissue_pass(
    session: AsyncSession,
    signer: PassSigner,
    states: GateStates,
    principal: Principal,
    pass_id: uuid.UUID,
    reason: str,
    now: datetime,
) -> PassRead:
    """A new pass (new number, new QR) with the same holder and validity; the old one is revoked,
    so its printed QR is dead at every gate."""
    row = await load_pass(session, principal, pass_id)
    old = await repository.get_pass_for_update(session, row.access_pass.id)
    assert old is not None
    if old.status == PassStatus.revoked:
        raise PassRevoked()
    household = await _household(session, principal, old.household_id)
    valid_until = max(old.valid_until, now + timedelta(days=1))
    version = await bump_state_version(session, old.community_id)
    new = await new_pass(session, signer, household, old.person_id, now, valid_until, version)
    old.status = PassStatus.revoked
    old.reason = f"已补办新证{('：' + reason) if reason else ''}"
    old.replaced_by_id = new.id
    _audit(session, principal, "reissue_pass", old, reason, "")
    old.state_version = version
    await session.commit()
    await states.refresh_community(old.community_id)
    return await get_pass(session, principal, new.id, now)


def _audit(
    session: AsyncSession,
    principal: Principal,
    action: str,
    access_pass: AccessPass,
    reason: str,
    reason_code: str,
) -> None:
    concerning = Concerning(
        access_pass.community_id, access_pass.household_id, access_pass.person_id
    )
    add_audit_event(
        session,
        principal,
        action,
        "pass",
        str(access_pass.id),
        reason,
        "",
        concerning,
        reason_code,
    )
