"""The hourly threshold check, handed to quarantines and passes by the assembly: beyond the
community's threshold the change is held as a pending approval instead of applied."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.quarantine_rules.service import rules_for
from registry.oversight.bulk_approvals import repository
from registry.oversight.bulk_approvals.models import BulkApproval
from registry.residents.audit.bulk_changes import BulkChange
from registry.residents.audit.repository import Concerning, add_audit_event
from shouhu_common.clock import utc_now
from shouhu_common.database import new_id
from shouhu_common.identity import Principal

WINDOW = timedelta(hours=1)


async def hold_if_bulk(
    session: AsyncSession, principal: Principal, change: BulkChange
) -> uuid.UUID | None:
    """Held when this account already changed `threshold` other households within the hour
    (applied or still held); a retry of a held change finds the same approval."""
    earlier = await repository.pending_like(
        session,
        principal.subject,
        change.action,
        change.household_id,
        change.record_id,
        change.client_id,
    )
    if earlier is not None:
        return earlier.id
    threshold = (await rules_for(session, change.community_id)).bulk_change_threshold
    now = utc_now()
    changed = await repository.households_changed_since(
        session, principal.subject, now - WINDOW, change.household_id
    )
    if changed < threshold:
        return None
    reason_code = str(change.request.get("reason_code") or "")
    reason = str(change.request.get("reason") or "")[:200]
    approval = BulkApproval(
        id=new_id(),
        community_id=change.community_id,
        household_id=change.household_id,
        action=change.action,
        record_id=change.record_id,
        client_id=change.client_id,
        request=change.request,
        reason_code=reason_code,
        reason=reason,
        requested_by=principal.subject,
        requested_role=principal.role.value,
        requested_by_name=(principal.name or principal.username)[:100],
        requested_at=now,
    )
    session.add(approval)
    add_audit_event(
        session,
        principal,
        f"hold_{change.action}",
        "bulk_approval",
        str(approval.id),
        reason,
        "",
        Concerning(change.community_id, change.household_id),
        reason_code,
    )
    return approval.id
