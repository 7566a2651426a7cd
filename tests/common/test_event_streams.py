"""The Redis Streams transport and reader against the Redis on 127.0.0.1:6379 (skipped when
none answers): the same guarantees as over HTTP."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import update

from shouhu_common.events import Relay, StreamReader, Subscriber, add_event
from shouhu_common.events.transports import RedisStreamsTransport
from tests.common.event_rig import SECRET, TOPIC, Rig, event_rig, parcel_consumer

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="module")
async def redis() -> AsyncIterator[Any]:
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception:
        if os.environ.get("CI"):
            pytest.fail("CI must run the Redis Streams tests: no Redis on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379")
    yield client
    await client.aclose()


@pytest.fixture(scope="module")
async def rig(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Rig]:
    async with event_rig(tmp_path_factory.mktemp("streams")) as made:
        yield made


@pytest.fixture
async def prefix(redis: Any, rig: Rig) -> AsyncIterator[str]:
    value = f"shouhu.test.{uuid.uuid4().hex[:8]}."
    yield value
    await redis.delete(value + TOPIC)
    rig.failures_left[0] = 0
    await rig.producer.empty()
    await rig.consumer.empty()


def parts(rig: Rig, redis: Any, prefix: str) -> tuple[Relay, StreamReader]:
    relay = Relay(
        engine=rig.producer.engine,
        tables=rig.outbox,
        source="producer",
        subscribers=[Subscriber("redis", REDIS_URL)],
        transport=RedisStreamsTransport(SECRET, redis, prefix=prefix),
        poll_interval_s=0.05,
    )
    reader = StreamReader(
        parcel_consumer(rig),
        rig.consumer.sessionmaker,
        redis,
        group="depot",
        secret=SECRET,
        prefix=prefix,
        retry_s=0.01,
    )
    return relay, reader


async def publish(rig: Rig, *numbers: int) -> None:
    for n in numbers:
        async with rig.producer.sessionmaker() as session:
            await add_event(session, rig.outbox, TOPIC, "h", {"n": n})
            await session.commit()


async def test_a_reader_that_was_down_catches_up_once(rig: Rig, redis: Any, prefix: str) -> None:
    relay, reader = parts(rig, redis, prefix)
    await reader.ensure_groups()
    await publish(rig, 0, 1, 2)
    assert await relay.deliver_pending() == 3  # Redis took them; the reader is not running
    assert await rig.parcels() == []
    assert await reader.read_once(block_ms=10) == 3
    assert await rig.parcels() == [0, 1, 2]
    # lost acknowledgements on the producer side: everything is sent again
    async with rig.producer.engine.begin() as conn:
        await conn.execute(rig.outbox.delivery.delete())
        await conn.execute(update(rig.outbox.outbox).values(dispatched_at=None))
    await relay.deliver_pending()
    assert await reader.read_once(block_ms=10) == 3
    assert await rig.parcels() == [0, 1, 2]
    assert await redis.xpending(prefix + TOPIC, "depot") == {
        "pending": 0,
        "min": None,
        "max": None,
        "consumers": [],
    }


async def test_a_failed_effect_stays_pending_and_is_applied_later(
    rig: Rig, redis: Any, prefix: str
) -> None:
    relay, reader = parts(rig, redis, prefix)
    await reader.ensure_groups()
    rig.failures_left[0] = 1
    await publish(rig, 5)
    await relay.deliver_pending()
    assert await reader.read_once(block_ms=10) == 0
    assert await rig.parcels() == []
    assert await reader.read_once(block_ms=10) == 1
    assert await rig.parcels() == [5]
    assert await rig.consumer.count(rig.inbox) == 1
