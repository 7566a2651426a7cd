"""The event mechanism (shouhu_common.events) between two real databases and a real HTTP
consumer: transactional outbox, a relay that catches up with a consumer that was down, and an
inbox that turns at-least-once delivery into exactly-once effects."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select, update

from shouhu_common.events import (
    Event,
    HttpTransport,
    Relay,
    Subscriber,
    add_event,
    parse_subscribers,
)
from shouhu_common.events.envelope import SIGNATURE_HEADER, sign
from tests.common.event_rig import SECRET, TOPIC, Rig, event_rig
from tests.servers import refusing_port


@pytest.fixture(scope="module")
async def rig(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Rig]:
    async with event_rig(tmp_path_factory.mktemp("events")) as made:
        yield made


@pytest.fixture(autouse=True)
async def clean(rig: Rig) -> AsyncIterator[None]:
    yield
    await rig.stop_consumer()
    rig.failures_left[0] = 0
    await rig.producer.empty()
    await rig.consumer.empty()


async def publish(rig: Rig, *numbers: int, topic: str = TOPIC) -> None:
    """One committed transaction per event, as a service's use cases would write them."""
    for n in numbers:
        async with rig.producer.sessionmaker() as session:
            await add_event(session, rig.outbox, topic, uuid.uuid4(), {"n": n})
            await session.commit()


def relay_for(rig: Rig, *subscribers: Subscriber) -> Relay:
    return Relay(
        engine=rig.producer.engine,
        tables=rig.outbox,
        source="producer",
        subscribers=subscribers or (Subscriber("depot", rig.url),),
        transport=HttpTransport(SECRET, timeout_s=2.0),
        poll_interval_s=0.05,
        max_backoff_s=0.2,
    )


async def eventually(check: Callable[[], Awaitable[bool]], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not await check():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)


async def pending(rig: Rig) -> int:
    outbox = rig.outbox.outbox
    async with rig.producer.engine.connect() as conn:
        rows = await conn.execute(select(outbox.c.seq).where(outbox.c.dispatched_at.is_(None)))
        return len(rows.all())


class TestOutbox:
    async def test_a_rolled_back_transaction_leaves_no_event(self, rig: Rig) -> None:
        async with rig.producer.sessionmaker() as session:
            await add_event(session, rig.outbox, TOPIC, "h1", {"n": 1})
            await session.rollback()
        assert await rig.producer.count(rig.outbox.outbox) == 0
        async with rig.producer.sessionmaker() as session:
            await add_event(session, rig.outbox, TOPIC, "h1", {"n": 2})
            await session.commit()
        assert await rig.producer.count(rig.outbox.outbox) == 1

    async def test_payload_is_stored_as_plain_json(self, rig: Rig) -> None:
        household = uuid.uuid4()
        async with rig.producer.sessionmaker() as session:
            await add_event(
                session,
                rig.outbox,
                TOPIC,
                household,
                {"household_id": household, "end": datetime(2020, 2, 14, tzinfo=UTC).date()},
            )
            await session.commit()
        async with rig.producer.engine.connect() as conn:
            row = (await conn.execute(select(rig.outbox.outbox))).one()
        assert row.key == str(household)
        assert row.payload == {"household_id": str(household), "end": "2020-02-14"}


class TestRelay:
    async def test_a_consumer_that_was_down_catches_up_in_order(self, rig: Rig) -> None:
        await publish(rig, 0, 1, 2, 3, 4)
        relay = relay_for(rig)
        relay.start()
        try:
            await asyncio.sleep(0.6)  # several refused connections and backoffs
            assert await rig.parcels() == []
            assert await pending(rig) == 5

            await rig.start_consumer()
            await eventually(lambda: _equals(rig.parcels(), [0, 1, 2, 3, 4]))
            await eventually(lambda: _equals(pending(rig), 0))

            await publish(rig, 5)  # the commit wakes the relay
            await eventually(lambda: _equals(rig.parcels(), [0, 1, 2, 3, 4, 5]), timeout_s=2)
        finally:
            await relay.stop()
        assert await rig.consumer.count(rig.inbox) == 6

    async def test_a_subscriber_back_after_a_long_outage_is_retried_within_a_poll(
        self, rig: Rig
    ) -> None:
        await publish(rig, 0, 1)
        relay = relay_for(rig)
        relay._max_backoff = 60.0  # a grown delay, as after minutes down
        relay.start()
        try:
            await asyncio.sleep(0.8)  # failures 1..4: the next retry is 0.4 s and more away
            relay._backoff["depot"].next_try = time.monotonic() + 60
            await rig.start_consumer()
            back = time.monotonic()
            await eventually(lambda: _equals(rig.parcels(), [0, 1]), timeout_s=5)
            assert time.monotonic() - back < 2.0  # not the minute the backoff had reached
        finally:
            await relay.stop()

    async def test_redelivery_changes_nothing(self, rig: Rig) -> None:
        await rig.start_consumer()
        await publish(rig, 7, 8)
        relay = relay_for(rig)
        assert await relay.deliver_pending() == 2
        assert await rig.parcels() == [7, 8]
        # the acknowledgements were lost: the relay sends both again
        async with rig.producer.engine.begin() as conn:
            await conn.execute(rig.outbox.delivery.delete())
            await conn.execute(update(rig.outbox.outbox).values(dispatched_at=None))
        assert await relay.deliver_pending() == 2
        assert await rig.parcels() == [7, 8]
        assert await pending(rig) == 0
        await relay.stop()

    async def test_a_failed_effect_is_retried_and_applied_once(self, rig: Rig) -> None:
        await rig.start_consumer()
        rig.failures_left[0] = 2
        await publish(rig, 1, 2)
        relay = relay_for(rig)
        relay.start()
        try:
            await eventually(lambda: _equals(rig.parcels(), [1, 2]))
            await eventually(lambda: _equals(pending(rig), 0))
        finally:
            await relay.stop()
        assert rig.failures_left[0] == 0
        assert await rig.consumer.count(rig.inbox) == 2

    async def test_each_subscriber_gets_only_its_topics(self, rig: Rig) -> None:
        await rig.start_consumer()
        await publish(rig, 1)
        await publish(rig, 2, topic="household.released")
        relay = relay_for(rig, Subscriber("depot", rig.url, ("household.released",)))
        await relay.deliver_pending()
        await relay.stop()
        assert await rig.parcels() == []  # released has no handler: recorded, ignored
        assert await rig.consumer.count(rig.inbox) == 1
        assert await pending(rig) == 0  # nobody wants the other: dispatched too

    async def test_a_down_subscriber_does_not_hold_up_the_others(self, rig: Rig) -> None:
        await rig.start_consumer()
        await publish(rig, 3)
        down = Subscriber("passes", "http://127.0.0.1:9")  # nothing listens on the discard port
        relay = relay_for(rig, Subscriber("depot", rig.url), down)
        await relay.deliver_pending()
        assert await rig.parcels() == [3]
        assert await pending(rig) == 1  # kept until `passes` takes it too
        await relay.stop()

    async def test_a_subscriber_listed_as_replicas_gets_events_through_a_live_one(
        self, rig: Rig
    ) -> None:
        await rig.start_consumer()
        with refusing_port() as down_url:
            relay = relay_for(rig, Subscriber("depot", f"{down_url}|{rig.url}"))
            relay.start()
            try:
                await publish(rig, 0, 1, 2, 3)
                await eventually(lambda: _equals(rig.parcels(), [0, 1, 2, 3]), timeout_s=5)
                await eventually(lambda: _equals(pending(rig), 0))
            finally:
                await relay.stop()


class TestReceiver:
    async def envelope(self) -> bytes:
        event = Event(uuid.uuid4(), "producer", TOPIC, "h1", datetime.now(UTC), {"n": 9})
        return event.to_json()

    async def test_the_same_event_twice_is_applied_once(self, rig: Rig) -> None:
        await rig.start_consumer()
        body = await self.envelope()
        async with httpx.AsyncClient(base_url=rig.url) as http:
            outcomes = []
            for _ in range(2):
                response = await http.post(
                    "/internal/events", content=body, headers={SIGNATURE_HEADER: sign(SECRET, body)}
                )
                assert response.status_code == 200
                outcomes.append(response.json()["outcome"])
        assert outcomes == ["applied", "duplicate"]
        assert await rig.parcels() == [9]

    async def test_unsigned_forged_or_stale_events_are_refused(self, rig: Rig) -> None:
        await rig.start_consumer()
        body = await self.envelope()
        async with httpx.AsyncClient(base_url=rig.url) as http:
            for headers in (
                {},
                {SIGNATURE_HEADER: sign("another-secret", body)},
                {SIGNATURE_HEADER: sign(SECRET, body, now=time.time() - 3600)},
                {SIGNATURE_HEADER: "t=1,v1=00"},
            ):
                response = await http.post("/internal/events", content=body, headers=headers)
                assert response.status_code == 401
            bad = b'{"event_id": "nope"}'
            response = await http.post(
                "/internal/events", content=bad, headers={SIGNATURE_HEADER: sign(SECRET, bad)}
            )
            assert response.status_code == 422
        assert await rig.parcels() == []


class TestSubscriberSetting:
    def test_parses_names_urls_and_topics(self) -> None:
        parsed = parse_subscribers(
            "supplies=http://127.0.0.1:8002; passes[household.*,delivery.done]=http://p:1"
        )
        assert [(s.name, s.url, s.topics) for s in parsed] == [
            ("supplies", "http://127.0.0.1:8002", ("*",)),
            ("passes", "http://p:1", ("household.*", "delivery.done")),
        ]
        assert parsed[1].wants("household.released")
        assert not parsed[1].wants("order.placed")
        assert parse_subscribers("") == []
        (replicas,) = parse_subscribers("supplies=http://a:8002/|http://b:8002")
        assert replicas.urls == ["http://a:8002", "http://b:8002"]

    @pytest.mark.parametrize(
        "value",
        ["supplies", "a=ftp://x", "a=http://x|ftp://y", "a=http://x;a=http://y", "=http://x"],
    )
    def test_refuses_bad_values(self, value: str) -> None:
        with pytest.raises(ValueError, match="subscriber"):
            parse_subscribers(value)


async def _equals(value: Awaitable[object], expected: object) -> bool:
    return await value == expected
