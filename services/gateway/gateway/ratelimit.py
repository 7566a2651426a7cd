"""Rate limits on login and key endpoints: in memory, or in Redis when `GATEWAY_REDIS_URL` is set
(so several gateway replicas share one count)."""

from __future__ import annotations

import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

from shouhu_common.problems import RateLimited


class RateLimiter:
    def __init__(self, redis_url: str = "") -> None:
        self.storage: Storage = (
            RedisStorage(
                redis_url.replace("redis://", "async+redis://", 1), implementation="redispy"
            )
            if redis_url
            else MemoryStorage()
        )
        self._limiter = SlidingWindowCounterRateLimiter(self.storage)
        self._items: dict[str, RateLimitItem] = {}

    def _item(self, rate: str) -> RateLimitItem:
        if rate not in self._items:
            self._items[rate] = parse(rate)
        return self._items[rate]

    async def hit(self, rate: str, *keys: str) -> None:
        """Counts one attempt against `rate` for the key; raises a 429 problem when over."""
        item = self._item(rate)
        if not await self._limiter.hit(item, *keys):
            stats = await self._limiter.get_window_stats(item, *keys)
            raise RateLimited(
                "too many attempts; wait before trying again",
                retry_after=max(1, int(stats.reset_time - time.time())),
            )

    async def reset(self) -> None:
        await self.storage.reset()
