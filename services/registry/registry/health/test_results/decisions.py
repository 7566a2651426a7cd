"""Staff decide, household by household, on those a positive pool listed: home quarantine (started
through the quarantine service, which suspends the passes and moves deliveries to the door) or
none. The reason is kept in the audit log."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.quarantines.errors import AlreadyInQuarantine
from registry.health.quarantines.models import QuarantineKind
from registry.health.quarantines.schemas import QuarantineCreate
from registry.health.quarantines.service import start_quarantine
from registry.health.test_results import repository
from registry.health.test_results.announce import StateRefresher
from registry.health.test_results.errors import DecisionReasonRequired, HouseholdNotOnRetestList
from registry.health.test_results.schemas import DecisionKind, DecisionRead, DecisionWrite
from registry.health.test_results.service import visible_round
from registry.residents.audit.reasons import QuarantineReason
from registry.residents.audit.repository import add_audit_event
from shouhu_common.identity import Principal

QUARANTINED, NOT_QUARANTINED = "quarantined", "not_quarantined"
# the quarantine's client id is made from the round and the household: a retried decision finds
# the quarantine the first one started instead of starting another
_ORDERS = uuid.UUID("8a6f1d2e-3b4c-5d6e-8f70-91a2b3c4d5e6")


def quarantine_order_id(round_id: uuid.UUID, household_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(_ORDERS, f"{round_id}:{household_id}")


async def decide(
    session: AsyncSession,
    refresher: StateRefresher,
    principal: Principal,
    round_id: uuid.UUID,
    household_id: uuid.UUID,
    body: DecisionWrite,
    request_id: str = "",
) -> DecisionRead:
    testing_round = await visible_round(session, principal, round_id)
    reason = body.reason.strip()
    if len(reason) < 2:
        raise DecisionReasonRequired("say why in `reason` (at least 2 characters)")
    if not await repository.retest_entries(session, round_id, household_id):
        raise HouseholdNotOnRetestList()
    quarantine_id: uuid.UUID | None = None
    pending_id: uuid.UUID | None = None
    decision = NOT_QUARANTINED
    if body.decision == DecisionKind.quarantine:
        decision = QUARANTINED
        order = QuarantineCreate(
            client_id=quarantine_order_id(round_id, household_id),
            household_id=household_id,
            kind=QuarantineKind.home,
            reason_code=body.reason_code or QuarantineReason.positive_result,
            reason=reason,
        )
        try:
            started = await start_quarantine(session, principal, order)
            if started.quarantine is not None:
                quarantine_id = started.quarantine.id
            pending_id = started.pending_approval_id
        except AlreadyInQuarantine:
            await session.rollback()  # already under a home quarantine of its own: it holds
            quarantine_id = await repository.active_household_quarantine(session, household_id)
    await repository.decide(session, round_id, household_id, decision, principal.subject)
    add_audit_event(
        session,
        principal,
        f"retest_decision_{decision}",
        "household",
        str(household_id),
        reason[:200],
        request_id,
        reason_code=body.reason_code or "",
    )
    await session.commit()
    if quarantine_id is not None:
        await refresher.refresh_community(testing_round.community_id)
    return DecisionRead(
        household_id=household_id,
        decision=decision,
        decided_by=principal.subject,
        quarantine_id=quarantine_id,
        pending_approval_id=pending_id,
    )
