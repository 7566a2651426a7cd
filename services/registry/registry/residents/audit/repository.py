from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.audit.models import AuditEvent
from shouhu_common.identity import Principal


def add_audit_event(
    session: AsyncSession,
    principal: Principal,
    action: str,
    target_type: str,
    target_id: str,
    reason: str = "",
    request_id: str = "",
) -> AuditEvent:
    event = AuditEvent(
        actor=principal.subject,
        role=principal.role.value,
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        request_id=request_id,
    )
    session.add(event)
    return event
