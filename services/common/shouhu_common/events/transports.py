"""How the relay hands an event to a subscriber: the `Transport` interface and its two kinds.

- `HttpTransport` (embedded default): `POST <subscriber url>/internal/events`, body signed with
  the deployment's events secret (envelope.py). Any non-2xx answer or network error is a failure
  the relay retries later.
- `RedisStreamsTransport` (optional, e.g. docker-compose): `XADD` to one stream per topic; each
  consuming service reads with its own consumer group (consumer.py). Redis persistence is not the
  source of truth: the outbox is, so a lost stream entry is re-sent only if it was never acked by
  XADD — the relay marks an event delivered once Redis accepted it.
"""

from __future__ import annotations

import fnmatch
import itertools
import re
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from shouhu_common.events.envelope import SIGNATURE_HEADER, SOURCE_HEADER, Event, sign

EVENTS_PATH = "/internal/events"
STREAM_PREFIX = "shouhu.events."


class DeliveryFailed(Exception):
    """The subscriber did not take the event; the relay will try again."""


@dataclass(frozen=True, slots=True)
class Subscriber:
    """A consuming service: its name, where it listens, and the topics (glob patterns) it wants."""

    name: str
    url: str
    topics: tuple[str, ...] = ("*",)

    @property
    def urls(self) -> list[str]:
        """A consuming service with replicas is listed as `name=http://a:8002|http://b:8002`."""
        return [u.rstrip("/") for u in self.url.split("|") if u]

    def wants(self, topic: str) -> bool:
        return any(fnmatch.fnmatchcase(topic, pattern) for pattern in self.topics)


_SUBSCRIBER = re.compile(r"^(?P<name>[a-z][a-z0-9_-]*)(?:\[(?P<topics>[^\]]*)\])?=(?P<url>\S+)$")


def parse_subscribers(value: str) -> list[Subscriber]:
    """`supplies=http://127.0.0.1:8002; passes[household.*,delivery.done]=http://…` → subscribers.
    Entries are separated by `;` (or `,` outside brackets); no topic list means every topic."""
    entries = [e.strip() for e in re.split(r";|,(?![^\[]*\])", value) if e.strip()]
    subscribers = []
    for entry in entries:
        match = _SUBSCRIBER.match(entry)
        if match is None or not all(
            u.startswith(("http://", "https://", "redis")) for u in match["url"].split("|")
        ):
            raise ValueError(f"event subscriber {entry!r}: expected name=url or name[topic,…]=url")
        topics = tuple(t.strip() for t in (match["topics"] or "*").split(",") if t.strip())
        subscribers.append(Subscriber(match["name"], match["url"], topics or ("*",)))
    names = [s.name for s in subscribers]
    if len(names) != len(set(names)):
        raise ValueError("event subscribers: each name may appear once")
    return subscribers


READY_PATH = "/readyz"


class Transport(Protocol):
    async def send(self, subscriber: Subscriber, event: Event) -> None:
        """Deliver or raise `DeliveryFailed`."""

    async def ready(self, subscriber: Subscriber) -> bool:
        """Whether the subscriber would take an event now (a cheap check, never raises)."""

    async def aclose(self) -> None: ...


class HttpTransport:
    def __init__(
        self,
        secret: str,
        *,
        timeout_s: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._secret = secret
        self._turn = itertools.count()
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 2.0)),
            transport=transport,
        )

    async def send(self, subscriber: Subscriber, event: Event) -> None:
        body = event.to_json()
        headers = {
            "content-type": "application/json",
            SIGNATURE_HEADER: sign(self._secret, body),
            SOURCE_HEADER: event.source,
        }
        # Each replica of the subscriber in turn until one takes it. A replica that dies after
        # storing the event makes the next one get it again; the inbox keeps it once.
        urls = subscriber.urls
        start = next(self._turn) % len(urls)
        errors = []
        for base in urls[start:] + urls[:start]:
            try:
                response = await self._client.post(
                    base + EVENTS_PATH, content=body, headers=headers
                )
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            if response.is_success:
                return
            errors.append(f"{subscriber.name} answered {response.status_code}")
        raise DeliveryFailed("; ".join(errors))

    async def ready(self, subscriber: Subscriber) -> bool:
        for base in subscriber.urls:
            try:
                response = await self._client.get(base + READY_PATH, timeout=1.0)
            except httpx.HTTPError:
                continue
            if response.status_code == 200:
                return True
        return False

    async def aclose(self) -> None:
        await self._client.aclose()


def stream_name(topic: str, prefix: str = STREAM_PREFIX) -> str:
    return prefix + topic


class RedisStreamsTransport:
    """One stream per topic, capped (approximately) at `maxlen` entries."""

    def __init__(
        self, secret: str, redis: Any, *, maxlen: int = 100_000, prefix: str = STREAM_PREFIX
    ) -> None:
        self._secret = secret
        self._redis = redis
        self._maxlen = maxlen
        self._prefix = prefix

    @classmethod
    def from_url(cls, secret: str, url: str, *, maxlen: int = 100_000) -> RedisStreamsTransport:
        from redis.asyncio import Redis

        return cls(secret, Redis.from_url(url), maxlen=maxlen)

    async def send(self, subscriber: Subscriber, event: Event) -> None:
        body = event.to_json()
        fields = {"event": body, "signature": sign(self._secret, body)}
        try:
            await self._redis.xadd(
                stream_name(event.topic, self._prefix),
                fields,
                maxlen=self._maxlen,
                approximate=True,
            )
        except Exception as exc:  # redis raises its own hierarchy; any failure means retry
            raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc

    async def ready(self, subscriber: Subscriber) -> bool:
        try:
            return bool(await self._redis.ping())
        except Exception:  # any failure: not ready
            return False

    async def aclose(self) -> None:
        await self._redis.aclose()
