"""Who hears that results were applied. The gate keeps each pass's latest negative in memory (the
rule `negative_within_hours`), but health may not import access: the assembly registers access's
hook here (wiring.py), run in the applying transaction, and the router hands in the replica's gate
state to refresh after the commit."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

ResultsHook = Callable[[AsyncSession, uuid.UUID], Awaitable[object]]
_hooks: dict[str, ResultsHook] = {}


class StateRefresher(Protocol):
    async def refresh_community(self, community_id: uuid.UUID) -> None: ...


def on_results_applied(name: str, hook: ResultsHook) -> None:
    """Idempotent: registering the same name again replaces the hook."""
    _hooks[name] = hook


async def results_applied(session: AsyncSession, community_id: uuid.UUID) -> None:
    for hook in _hooks.values():
        await hook(session, community_id)
