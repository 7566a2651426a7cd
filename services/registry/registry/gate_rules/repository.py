from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from registry.gate_rules.models import GateRule


async def get_rule(session: AsyncSession, community_id: uuid.UUID) -> GateRule | None:
    return await session.get(GateRule, community_id)
