from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.quarantine_rules.models import QuarantineRule
from registry.residents.communities.models import Community


async def get_community(session: AsyncSession, community_id: uuid.UUID) -> Community | None:
    return await session.get(Community, community_id)


async def get_rule(session: AsyncSession, community_id: uuid.UUID) -> QuarantineRule | None:
    return await session.get(QuarantineRule, community_id)


FeverThresholdReader = Callable[[AsyncSession, uuid.UUID], Awaitable[float]]
_FEVER_THRESHOLD: dict[str, FeverThresholdReader] = {}


def read_fever_threshold_with(reader: FeverThresholdReader) -> None:
    """The gate rule (access context) owns the fever threshold, so the gate and the follow-up
    never disagree; health may not import access, so the assembly hands the reader in."""
    _FEVER_THRESHOLD["reader"] = reader


async def fever_threshold(session: AsyncSession, community_id: uuid.UUID) -> float:
    reader = _FEVER_THRESHOLD.get("reader")
    if reader is None:
        raise RuntimeError("no fever threshold reader: registry.wiring.wire_contexts() was not run")
    return await reader(session, community_id)
