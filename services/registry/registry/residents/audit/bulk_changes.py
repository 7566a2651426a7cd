"""The second approval of bulk status changes: one account that starts quarantines, or suspends
or revokes passes, for more households within an hour than the community allows has the change
held until a second account approves it. Quarantines (health) and passes (access) ask here; the
check itself lives in oversight (bulk_approvals), which reads across contexts, and is handed in
by the assembly (`registry/wiring.py`)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.identity import Principal

BULK_ACTIONS = ("start_quarantine", "suspend_pass", "revoke_pass")


@dataclass(frozen=True, slots=True)
class BulkChange:
    action: str  # one of BULK_ACTIONS
    community_id: uuid.UUID
    household_id: uuid.UUID
    record_id: uuid.UUID | None  # the pass; None for a quarantine not yet made
    client_id: uuid.UUID | None  # the quarantine order's, so a retry finds its held request
    request: dict[str, Any] = field(default_factory=dict)  # the body, to apply on approval


class HeldForApproval(BaseModel):
    """The answer (202 Accepted) to a change held for a second account's approval."""

    status: str = Field("pending_approval", description="Always `pending_approval`.")
    pending_approval_id: uuid.UUID = Field(description="`/api/v1/bulk-approvals/{id}`.")
    message: str = Field(
        "已超过本账号一小时内的批量变更上限，需另一名工作人员复核后生效",
        description="Why it was not applied yet.",
    )


Guard = Callable[[AsyncSession, Principal, BulkChange], Awaitable[uuid.UUID | None]]
_guards: dict[str, Guard] = {}


def hold_bulk_changes_with(guard: Guard) -> None:
    _guards["bulk"] = guard


async def held_for_approval(
    session: AsyncSession, principal: Principal, change: BulkChange
) -> uuid.UUID | None:
    """The pending approval's id when the change must wait for a second account (the pending
    row is added to the session, not committed); None: apply it now."""
    guard = _guards.get("bulk")
    return None if guard is None else await guard(session, principal, change)
