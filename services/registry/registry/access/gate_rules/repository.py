from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gate_rules.models import GateRule
from registry.access.gate_rules.rules import RuleSnapshot


async def get_rule(session: AsyncSession, community_id: uuid.UUID) -> GateRule | None:
    return await session.get(GateRule, community_id)


async def fever_threshold(session: AsyncSession, community_id: uuid.UUID) -> float:
    """The community's fever threshold, also read by quarantine follow-ups."""
    return RuleSnapshot.of(await get_rule(session, community_id)).fever_threshold
