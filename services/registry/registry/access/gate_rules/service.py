"""Reading and setting a community's gate rules; a change bumps the community's pass state
version so every gate replica and offline phone picks it up."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gate_rules import repository
from registry.access.gate_rules.errors import CommunityNotFound, InvalidGateRule
from registry.access.gate_rules.models import GateRule
from registry.access.gate_rules.rules import RuleSnapshot
from registry.access.gate_rules.schemas import GateRuleRead, GateRuleWrite
from registry.access.gates.state import GateStates
from registry.access.passes.versions import bump_state_version
from registry.residents.communities.repository import get_community
from shouhu_common.identity import Principal


async def _community_in_scope(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID
) -> None:
    if (
        not principal.in_community(community_id)
        or await get_community(session, community_id) is None
    ):
        raise CommunityNotFound()


def _read(community_id: uuid.UUID, rule: GateRule | None) -> GateRuleRead:
    snapshot = RuleSnapshot.of(rule)
    return GateRuleRead(
        community_id=str(community_id),
        fever_threshold=snapshot.fever_threshold,
        mask_required=snapshot.mask_required,
        quota_scope=snapshot.quota_scope,
        quota_exits=snapshot.quota_exits,
        quota_period_days=snapshot.quota_period_days,
        curfew_start=snapshot.curfew_start,
        curfew_end=snapshot.curfew_end,
        refuse_quarantined=snapshot.refuse_quarantined,
        negative_within_hours=snapshot.negative_within_hours,
        updated_at=rule.updated_at if rule else None,
        rule_text=snapshot.text(),
    )


async def get_gate_rule(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID
) -> GateRuleRead:
    """Communities without rules of their own get the defaults (37.3 °C, mask, no quota)."""
    await _community_in_scope(session, principal, community_id)
    return _read(community_id, await repository.get_rule(session, community_id))


async def set_gate_rule(
    session: AsyncSession,
    states: GateStates,
    principal: Principal,
    community_id: uuid.UUID,
    body: GateRuleWrite,
) -> GateRuleRead:
    await _community_in_scope(session, principal, community_id)
    if (body.curfew_start is None) != (body.curfew_end is None):
        raise InvalidGateRule("give both curfew_start and curfew_end, or neither")
    if body.curfew_start is not None and body.curfew_start == body.curfew_end:
        raise InvalidGateRule("curfew_start and curfew_end must differ")
    rule = await repository.get_rule(session, community_id)
    if rule is None:
        rule = GateRule(community_id=community_id)
        session.add(rule)
    for field, value in body.model_dump().items():
        setattr(rule, field, value)
    await bump_state_version(session, community_id)
    await session.commit()
    await states.refresh_community(community_id)
    return _read(community_id, rule)
