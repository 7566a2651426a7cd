"""Settings every event-using service shares, and building the relay from them.

A service mixes `EventSettings` into its settings class (so the variables carry its prefix:
`REGISTRY_EVENT_SUBSCRIBERS`, `SUPPLIES_EVENTS_SECRET`, …) and lists `events_secret` among its
secret fields so production refuses the placeholder.
"""

from __future__ import annotations

from typing import Literal

import httpx
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shouhu_common.events.envelope import DEV_EVENTS_SECRET
from shouhu_common.events.inbox import EventConsumer
from shouhu_common.events.relay import Relay
from shouhu_common.events.streams import StreamReader
from shouhu_common.events.tables import OutboxTables
from shouhu_common.events.transports import (
    HttpTransport,
    RedisStreamsTransport,
    Subscriber,
    Transport,
    parse_subscribers,
)


class EventSettings(BaseSettings):
    events_secret: str = DEV_EVENTS_SECRET
    event_subscribers: str = Field(
        "",
        description="Consuming services: `name=url` or `name[topic,…]=url`, `;`-separated. "
        "Empty: events are kept in the outbox and not sent (HTTP transport).",
    )
    event_transport: Literal["http", "redis"] = "http"
    event_redis_url: str = "redis://127.0.0.1:6379/0"
    event_poll_interval_s: float = Field(1.0, gt=0, le=3600)
    event_max_backoff_s: float = Field(60.0, gt=0, le=86400)
    event_timeout_s: float = Field(5.0, gt=0, le=300)
    event_retention_days: int = Field(7, ge=1, le=3650)

    @field_validator("event_subscribers")
    @classmethod
    def _parseable(cls, value: str) -> str:
        parse_subscribers(value)
        return value

    def subscriber_list(self) -> list[Subscriber]:
        if self.event_transport == "redis":
            return [Subscriber("redis", self.event_redis_url)]
        return parse_subscribers(self.event_subscribers)


def build_relay(
    settings: EventSettings,
    *,
    engine: AsyncEngine,
    tables: OutboxTables,
    source: str,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> Relay | None:
    """The relay this service should run, or None when nobody subscribes."""
    subscribers = settings.subscriber_list()
    if not subscribers:
        return None
    transport: Transport
    if settings.event_transport == "redis":
        transport = RedisStreamsTransport.from_url(settings.events_secret, settings.event_redis_url)
    else:
        transport = HttpTransport(
            settings.events_secret, timeout_s=settings.event_timeout_s, transport=http_transport
        )
    return Relay(
        engine=engine,
        tables=tables,
        source=source,
        subscribers=subscribers,
        transport=transport,
        poll_interval_s=settings.event_poll_interval_s,
        max_backoff_s=settings.event_max_backoff_s,
        retention_days=settings.event_retention_days,
    )


def build_stream_reader(
    settings: EventSettings,
    consumer: EventConsumer,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    group: str,
) -> StreamReader | None:
    """With `<PREFIX>_EVENT_TRANSPORT=redis`, the reader a consuming service starts in its
    lifespan (group: the service's name); None with HTTP, where events arrive at the receiver."""
    if settings.event_transport != "redis":
        return None
    from redis.asyncio import Redis

    return StreamReader(
        consumer,
        sessionmaker,
        Redis.from_url(settings.event_redis_url),
        group=group,
        secret=settings.events_secret,
    )
