from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from registry.communities.models import Community
from registry.gate_rules.repository import get_rule as get_gate_rule
from registry.gate_rules.rules import RuleSnapshot
from registry.quarantine_rules.models import QuarantineRule


async def get_community(session: AsyncSession, community_id: uuid.UUID) -> Community | None:
    return await session.get(Community, community_id)


async def get_rule(session: AsyncSession, community_id: uuid.UUID) -> QuarantineRule | None:
    return await session.get(QuarantineRule, community_id)


async def fever_threshold(session: AsyncSession, community_id: uuid.UUID) -> float:
    return RuleSnapshot.of(await get_gate_rule(session, community_id)).fever_threshold
