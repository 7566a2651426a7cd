"""Bulk changes held for a second approval (批量变更复核): list, approve, reject."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.passes.errors import PassNotFound, PassRevoked
from registry.database import get_session
from registry.health.quarantines.errors import AlreadyInQuarantine, QuarantineSubjectNotFound
from registry.oversight.bulk_approvals import service
from registry.oversight.bulk_approvals.errors import (
    ApprovalDecided,
    ApprovalNotFound,
    OwnBulkChange,
)
from registry.oversight.bulk_approvals.models import ApprovalStatus
from registry.oversight.bulk_approvals.schemas import BulkApprovalDecision, BulkApprovalRead
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["bulk approvals"])
can_read = require(Permission.bulk_approvals_read)
can_decide = require(Permission.bulk_approvals_decide)


def _now() -> datetime:
    return datetime.now(UTC)


@router.get(
    "",
    response_model=Page[BulkApprovalRead],
    summary="Bulk changes held for a second approval, oldest first",
    description="`status=pending`: those waiting. A quarantine start or a pass suspension or "
    "revocation is held when its account already changed more households within the hour than "
    "the community's threshold.",
)
async def list_bulk_approvals(
    community_id: uuid.UUID | None = Query(None),
    status: ApprovalStatus | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_approvals(session, principal, community_id, status, page)


@router.post(
    "/{approval_id}/approve",
    response_model=BulkApprovalRead,
    responses=problem_responses(
        ApprovalNotFound,
        OwnBulkChange,
        ApprovalDecided,
        AlreadyInQuarantine,
        QuarantineSubjectNotFound,
        PassNotFound,
        PassRevoked,
    ),
    summary="Approve a held bulk change: it takes effect now",
    description="A different account from the one that asked (403 for one's own). The change "
    "is applied as asked, under the requester's name, with its usual effects.",
)
async def approve_bulk_change(
    request: Request,
    approval_id: uuid.UUID,
    body: BulkApprovalDecision,
    principal: Principal = Depends(can_decide),
    session: AsyncSession = Depends(get_session),
) -> object:
    states = request.app.state.gate_states
    return await service.approve(session, states, principal, approval_id, body, _now())


@router.post(
    "/{approval_id}/reject",
    response_model=BulkApprovalRead,
    responses=problem_responses(ApprovalNotFound, ApprovalDecided),
    summary="Reject a held bulk change: nothing is applied",
)
async def reject_bulk_change(
    approval_id: uuid.UUID,
    body: BulkApprovalDecision,
    principal: Principal = Depends(can_decide),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.reject(session, principal, approval_id, body, _now())
