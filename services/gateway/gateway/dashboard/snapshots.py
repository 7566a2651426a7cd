"""Dashboard snapshots, one per community. Every staff screen polls the dashboard; computing it
reads a dozen aggregates in two services, so each community's is computed at most once every
`fresh_s` seconds and answered from memory meanwhile. A snapshot past `fresh_s` (but younger
than `stale_s`) is still answered while the next one is computed in the background, so only the
first caller of a community, or one after a long quiet, waits for the computation. A snapshot is
kept as the JSON answer itself: serving one costs no validation or encoding."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Snapshots(Generic[T]):
    def __init__(self, fresh_s: float, stale_s: float = 60.0) -> None:
        self.fresh_s, self.stale_s = fresh_s, max(stale_s, fresh_s)
        self._taken: dict[uuid.UUID, tuple[float, T]] = {}
        self._computing: dict[uuid.UUID, asyncio.Task[T]] = {}

    async def get(self, community_id: uuid.UUID, compute: Callable[[], Awaitable[T]]) -> T:
        """The community's snapshot; `compute` (on behalf of this caller, who may see the
        community) makes a new one when it is due."""
        taken = self._taken.get(community_id)
        age = time.monotonic() - taken[0] if taken else None
        if taken and age is not None and age < self.fresh_s:
            return taken[1]
        task = self._computing.get(community_id)
        if task is None:
            task = asyncio.create_task(self._take(community_id, compute))
            task.add_done_callback(_retrieve)
            self._computing[community_id] = task
        if taken and age is not None and age < self.stale_s:
            return taken[1]
        return await asyncio.shield(task)

    async def _take(self, community_id: uuid.UUID, compute: Callable[[], Awaitable[T]]) -> T:
        try:
            snapshot = await compute()
            if len(self._taken) > 10_000:
                self._taken.clear()
            self._taken[community_id] = (time.monotonic(), snapshot)
            return snapshot
        finally:
            self._computing.pop(community_id, None)

    def forget(self) -> None:
        self._taken.clear()


def _retrieve(task: asyncio.Task[Any]) -> None:
    """A failed background computation is reported to whoever awaited it; nobody may have."""
    if not task.cancelled():
        task.exception()
