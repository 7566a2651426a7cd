"""Queries of held bulk changes, and the count of households one account changed in the hour."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from registry.oversight.bulk_approvals.models import ApprovalStatus, BulkApproval
from registry.residents.audit.bulk_changes import BULK_ACTIONS
from registry.residents.audit.models import AuditEvent
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from registry.residents.households.places import address


async def households_changed_since(
    session: AsyncSession, actor: str, since: datetime, other_than: uuid.UUID
) -> int:
    """Distinct households this account quarantined or withdrew passes of (applied, from the
    audit log, or held and still pending) since `since`, not counting `other_than`."""
    applied = select(AuditEvent.household_id.label("household_id")).where(
        AuditEvent.actor == actor,
        AuditEvent.at >= since,
        AuditEvent.action.in_(BULK_ACTIONS),
        AuditEvent.household_id.is_not(None),
        AuditEvent.household_id != other_than,
    )
    held = select(BulkApproval.household_id.label("household_id")).where(
        BulkApproval.requested_by == actor,
        BulkApproval.requested_at >= since,
        BulkApproval.status == ApprovalStatus.pending,
        BulkApproval.household_id != other_than,
    )
    both = union(applied, held).subquery()
    return int((await session.execute(select(func.count()).select_from(both))).scalar_one())


async def pending_like(
    session: AsyncSession,
    actor: str,
    action: str,
    household_id: uuid.UUID,
    record_id: uuid.UUID | None,
    client_id: uuid.UUID | None,
) -> BulkApproval | None:
    """The same change already held for this account (a retry)."""
    query = select(BulkApproval).where(
        BulkApproval.requested_by == actor,
        BulkApproval.action == action,
        BulkApproval.household_id == household_id,
        BulkApproval.status == ApprovalStatus.pending,
    )
    if client_id is not None:
        query = query.where(BulkApproval.client_id == client_id)
    if record_id is not None:
        query = query.where(BulkApproval.record_id == record_id)
    return (await session.execute(query.limit(1))).scalar_one_or_none()


def _with_address(query: Any) -> Any:
    return (
        query.add_columns(Compound.name, Building.name, Household.unit, Household.room)
        .join(Household, Household.id == BulkApproval.household_id)
        .join(Building, Building.id == Household.building_id)
        .join(Compound, Compound.id == Building.compound_id)
    )


async def list_approvals(
    session: AsyncSession,
    community_ids: Sequence[uuid.UUID] | None,
    status: ApprovalStatus | None,
    limit: int,
    offset: int,
) -> tuple[int, list[tuple[BulkApproval, str]]]:
    query = select(BulkApproval)
    counted = select(func.count(BulkApproval.id))
    if community_ids is not None:
        query = query.where(BulkApproval.community_id.in_(community_ids))
        counted = counted.where(BulkApproval.community_id.in_(community_ids))
    if status is not None:
        query = query.where(BulkApproval.status == status)
        counted = counted.where(BulkApproval.status == status)
    total = int((await session.execute(counted)).scalar_one())
    ordered = _with_address(query).order_by(BulkApproval.requested_at, BulkApproval.id)
    rows = await session.execute(ordered.limit(limit).offset(offset))
    return total, [(a, address(c, b, u, r)) for a, c, b, u, r in rows.all()]


async def count_pending(session: AsyncSession, community_id: uuid.UUID) -> int:
    query = select(func.count(BulkApproval.id)).where(
        BulkApproval.community_id == community_id,
        BulkApproval.status == ApprovalStatus.pending,
    )
    return int((await session.execute(query)).scalar_one())


async def lock_approval(session: AsyncSession, approval_id: uuid.UUID) -> BulkApproval | None:
    query = select(BulkApproval).where(BulkApproval.id == approval_id).with_for_update()
    approval = (await session.execute(query)).scalar_one_or_none()
    if approval is not None:
        await session.refresh(approval)
    return approval
