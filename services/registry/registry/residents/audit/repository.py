from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.audit.models import AuditEvent
from shouhu_common.identity import Principal


@dataclass(frozen=True, slots=True)
class Concerning:
    """Whom an audited action concerns, as far as the caller knows it."""

    community_id: uuid.UUID | None = None
    household_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None


NOBODY = Concerning()


def add_audit_event(
    session: AsyncSession,
    principal: Principal,
    action: str,
    target_type: str,
    target_id: str,
    reason: str = "",
    request_id: str = "",
    concerning: Concerning = NOBODY,
    reason_code: str = "",
) -> AuditEvent:
    concerning = _with_target(concerning, target_type, target_id)
    event = AuditEvent(
        actor=principal.subject,
        role=principal.role.value,
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        reason_code=reason_code,
        request_id=request_id,
        community_id=concerning.community_id,
        household_id=concerning.household_id,
        person_id=concerning.person_id,
    )
    session.add(event)
    return event


def _with_target(concerning: Concerning, target_type: str, target_id: str) -> Concerning:
    """A community, household or person target is also whom the event concerns."""
    field = {"community": "community_id", "household": "household_id", "person": "person_id"}
    name = field.get(target_type)
    if name is None or getattr(concerning, name) is not None:
        return concerning
    try:
        value = uuid.UUID(target_id)
    except ValueError:
        return concerning
    return replace(concerning, **{name: value})
