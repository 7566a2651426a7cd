"""Rate limits on login and key endpoints: in memory, or in Redis when `GATEWAY_REDIS_URL` is set
(so several gateway replicas share one count). While Redis cannot be reached, each replica counts
alone in memory: a Redis outage must not stop everyone signing in, and the lockouts (in the
database) still hold."""

from __future__ import annotations

import time

import structlog
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from redis.exceptions import RedisError

from shouhu_common.problems import RateLimited

log = structlog.get_logger("gateway.ratelimit")


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
        self._alone = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._items: dict[str, RateLimitItem] = {}

    def _item(self, rate: str) -> RateLimitItem:
        if rate not in self._items:
            self._items[rate] = parse(rate)
        return self._items[rate]

    async def hit(self, rate: str, *keys: str) -> None:
        """Counts one attempt against `rate` for the key; raises a 429 problem when over."""
        item = self._item(rate)
        limiter = self._limiter
        try:
            allowed = await limiter.hit(item, *keys)
        except (ConnectionError, TimeoutError, RedisError):
            log.warning("rate_limit_store_unreachable")
            limiter = self._alone
            allowed = await limiter.hit(item, *keys)
        if not allowed:
            stats = await limiter.get_window_stats(item, *keys)
            raise RateLimited(
                "too many attempts; wait before trying again",
                retry_after=max(1, int(stats.reset_time - time.time())),
            )

    async def reset(self) -> None:
        await self.storage.reset()
