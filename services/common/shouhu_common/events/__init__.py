"""Events between services: a transactional outbox, a relay, and an idempotent inbox.

Producer: `outbox_tables(Base.metadata)` in the models; `await add_event(session, tables, topic,
key, payload)` before the use case's one commit; `build_relay(...)` started in the lifespan.
Consumer: `inbox_table(Base.metadata)`; an `EventConsumer` with one handler per topic, mounted
with `event_receiver_router(...)` (HTTP) or read from Redis Streams (`StreamReader`).
"""

from shouhu_common.events.envelope import Event
from shouhu_common.events.inbox import EventConsumer, Handler, event_receiver_router, first_delivery
from shouhu_common.events.outbox import add_event
from shouhu_common.events.relay import Relay
from shouhu_common.events.streams import StreamReader
from shouhu_common.events.tables import OutboxTables, inbox_table, outbox_tables
from shouhu_common.events.transports import (
    DeliveryFailed,
    HttpTransport,
    RedisStreamsTransport,
    Subscriber,
    Transport,
    parse_subscribers,
)
from shouhu_common.events.wiring import EventSettings, build_relay, build_stream_reader

__all__ = [
    "DeliveryFailed",
    "Event",
    "EventConsumer",
    "EventSettings",
    "Handler",
    "HttpTransport",
    "OutboxTables",
    "RedisStreamsTransport",
    "Relay",
    "StreamReader",
    "Subscriber",
    "Transport",
    "add_event",
    "build_relay",
    "build_stream_reader",
    "event_receiver_router",
    "first_delivery",
    "inbox_table",
    "outbox_tables",
    "parse_subscribers",
]
