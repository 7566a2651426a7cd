"""The rate limiter on its two stores: memory (embedded) and Redis (several gateway replicas)."""

from __future__ import annotations

import os
import socket
import uuid

import pytest

from gateway.ratelimit import RateLimiter
from shouhu_common.problems import RateLimited

REDIS_URL = os.environ.get("SHOUHU_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_reachable() -> bool:
    host, port = REDIS_URL.split("//", 1)[1].split("/", 1)[0].split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=0.5):
            return True
    except OSError:
        return False


async def exhaust(limiter: RateLimiter, key: str) -> None:
    await limiter.hit("2/minute", "test", key)
    await limiter.hit("2/minute", "test", key)
    with pytest.raises(RateLimited) as caught:
        await limiter.hit("2/minute", "test", key)
    assert caught.value.retry_after >= 1


async def test_memory_store() -> None:
    await exhaust(RateLimiter(""), uuid.uuid4().hex)


async def test_redis_store_is_shared_between_replicas() -> None:
    if not redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the Redis test: nothing answers at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    key = uuid.uuid4().hex
    first, second = RateLimiter(REDIS_URL), RateLimiter(REDIS_URL)
    await first.hit("2/minute", "test", key)
    await second.hit("2/minute", "test", key)
    with pytest.raises(RateLimited):
        await first.hit("2/minute", "test", key)


async def test_an_unreachable_redis_leaves_each_replica_counting_alone() -> None:
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        url = f"redis://127.0.0.1:{closed.getsockname()[1]}/0"
    await exhaust(RateLimiter(url), uuid.uuid4().hex)
