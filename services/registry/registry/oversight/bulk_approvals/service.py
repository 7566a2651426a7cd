"""Second approval of held bulk changes: a different staff or administrator account approves
(the change is then applied as its requester asked, under the requester's name, with the usual
effects: passes suspended, deliveries to the door) or rejects it. Approving one's own is refused."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates.state import GateStates
from registry.access.passes.models import PassStatus
from registry.access.passes.schemas import PassChange
from registry.access.passes.service import change_status
from registry.health.quarantines.schemas import QuarantineCreate
from registry.health.quarantines.service import start_quarantine
from registry.oversight.bulk_approvals import repository
from registry.oversight.bulk_approvals.errors import (
    ApprovalDecided,
    ApprovalNotFound,
    OwnBulkChange,
)
from registry.oversight.bulk_approvals.models import ApprovalStatus, BulkApproval
from registry.oversight.bulk_approvals.schemas import BulkApprovalDecision, BulkApprovalRead
from registry.residents.audit.repository import Concerning, add_audit_event
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams

PASS_ACTIONS = {"suspend_pass": PassStatus.suspended, "revoke_pass": PassStatus.revoked}


def _read(approval: BulkApproval, address: str = "") -> BulkApprovalRead:
    read = BulkApprovalRead.model_validate(approval)
    read.address = address
    return read


async def list_approvals(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID | None,
    status: ApprovalStatus | None,
    page: PageParams,
) -> Page[BulkApprovalRead]:
    communities: list[uuid.UUID] | None = None
    if principal.role != Role.admin:
        communities = list(principal.community_ids)
    if community_id is not None:
        communities = [c for c in (communities or [community_id]) if c == community_id]
    total, rows = await repository.list_approvals(
        session, communities, status, page.limit, page.offset
    )
    return Page(
        items=[_read(a, address) for a, address in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


async def _pending(
    session: AsyncSession, principal: Principal, approval_id: uuid.UUID
) -> BulkApproval:
    approval = await repository.lock_approval(session, approval_id)
    if approval is None or not principal.in_community(approval.community_id):
        raise ApprovalNotFound()
    if approval.status != ApprovalStatus.pending:
        raise ApprovalDecided()
    return approval


def _decide(
    session: AsyncSession,
    principal: Principal,
    approval: BulkApproval,
    status: ApprovalStatus,
    note: str,
    now: datetime,
) -> None:
    approval.status = status
    approval.decided_by = principal.subject
    approval.decided_at = now
    approval.decision_note = note
    action = "approve_bulk_change" if status == ApprovalStatus.approved else "reject_bulk_change"
    concerning = Concerning(approval.community_id, approval.household_id)
    add_audit_event(
        session, principal, action, "bulk_approval", str(approval.id), note, "", concerning
    )


async def approve(
    session: AsyncSession,
    states: GateStates,
    principal: Principal,
    approval_id: uuid.UUID,
    body: BulkApprovalDecision,
    now: datetime,
) -> BulkApprovalRead:
    """Only a different account; the change is applied in the same transaction as the approval."""
    approval = await _pending(session, principal, approval_id)
    if approval.requested_by == principal.subject:
        raise OwnBulkChange()
    requester = Principal(
        subject=approval.requested_by,
        role=Role(approval.requested_role),
        community_ids=(approval.community_id,),
    )
    _decide(session, principal, approval, ApprovalStatus.approved, body.note, now)
    if approval.action == "start_quarantine":
        order = QuarantineCreate.model_validate(approval.request)
        started = await start_quarantine(session, requester, order, approved=True)
        assert started.quarantine is not None
        approval = await _reloaded(session, approval.id)
        approval.result_id = started.quarantine.id
        await session.commit()
    else:
        assert approval.record_id is not None
        change = PassChange.model_validate(approval.request)
        status = PASS_ACTIONS[approval.action]
        await change_status(
            session, states, requester, approval.record_id, status, change, now, approved=True
        )
    return _read(await _reloaded(session, approval_id))


async def reject(
    session: AsyncSession,
    principal: Principal,
    approval_id: uuid.UUID,
    body: BulkApprovalDecision,
    now: datetime,
) -> BulkApprovalRead:
    """Any staff account of the community, the requester too (withdrawing it); nothing applied."""
    approval = await _pending(session, principal, approval_id)
    _decide(session, principal, approval, ApprovalStatus.rejected, body.note, now)
    await session.commit()
    return _read(await _reloaded(session, approval_id))


async def _reloaded(session: AsyncSession, approval_id: uuid.UUID) -> BulkApproval:
    approval = await session.get(BulkApproval, approval_id, populate_existing=True)
    assert approval is not None
    return approval
