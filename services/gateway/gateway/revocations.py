"""Revocations reach every gateway replica at once, through Redis pub/sub.

Each replica answers a verified credential from its own cache (authn.py). Every change that ends
credentials is committed to the database and then handed to `Revocations`: a sign-out to `token`
(the access token's id); sign-out everywhere, a disabled or changed account, a new household
access code, a revoked or rotated partner key to `subject` (`user:…`, `household:…`,
`partner-key:…`). It drops the affected entries of this replica's cache and, with
`GATEWAY_REDIS_URL` set, publishes the change on a channel every replica subscribes to at
start-up, so the others drop theirs within milliseconds.

A message can only make a replica verify a credential again against the database, so messages are
not signed: whoever can publish on the channel can cost a database read, never grant access.

While a replica is not subscribed (starting, Redis down, or silent: a PING every `heartbeat_s`
unanswered for three of them) it may miss messages, so its cache keeps entries for
`SHORT_CACHE_SECONDS` only; it empties the cache when it finds the subscription lost and again
when it has it back, and reconnects with backoff up to `max_backoff_s`. A revocation missed while
Redis went silent therefore lives at most about four heartbeats on that replica. Without Redis
nothing is published: entries are kept 30 s and other replicas follow within that.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from typing import Any

import orjson
import structlog
from prometheus_client import Counter
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from gateway.authn import CACHE_SECONDS, SHORT_CACHE_SECONDS, Authenticator

log = structlog.get_logger("gateway.revocations")

CHANNEL = "shouhu:gateway:revocations"

RECEIVED = Counter(
    "shouhu_gateway_revocations_received_total",
    "Revocation messages received from other gateway replicas",
)
UNPUBLISHED = Counter(
    "shouhu_gateway_revocations_unpublished_total",
    "Revocations this replica could not publish to the others (Redis unreachable)",
)


def _client(url: str, retries: int) -> Redis:
    return Redis.from_url(
        url, socket_connect_timeout=1.0, socket_timeout=1.0, retry=Retry(NoBackoff(), retries)
    )


class Revocations:
    def __init__(
        self,
        authenticator: Authenticator,
        redis_url: str = "",
        *,
        heartbeat_s: float = 1.0,
        max_backoff_s: float = 5.0,
    ) -> None:
        self.authenticator = authenticator
        self.heartbeat_s = heartbeat_s
        self.max_backoff_s = max_backoff_s
        self.listening = False
        self._warned = False
        self._origin = uuid.uuid4().hex
        self._task: asyncio.Task[None] | None = None
        self._publisher: Redis | None = None
        self._subscriber: Redis | None = None
        self.channel = CHANNEL
        if redis_url:
            # One retry on a new connection: a pooled one may be dead since Redis restarted.
            self._publisher = _client(redis_url, retries=1)
            # None for the listener: a reconnection inside redis-py would hide the gap in which
            # messages were missed; the listener handles every failure itself.
            self._subscriber = _client(redis_url, retries=0)
            # Pub/sub ignores the database number: the channel carries it, so deployments (or
            # test runs) sharing one Redis on different databases do not hear each other.
            db = self._subscriber.connection_pool.connection_kwargs.get("db", 0)
            self.channel = f"{CHANNEL}:{db}"
            authenticator.cache_seconds = SHORT_CACHE_SECONDS

    async def subject(self, subject: str) -> None:
        """Ends every cached credential of `subject` (`user:…`, `household:…`, `partner-key:…`)
        here and on every replica. Call it after the change committed."""
        self.authenticator.forget_subject(subject)
        await self._publish({"subject": subject})

    async def token(self, jti: str) -> None:
        """Ends the cached access token `jti` (signed out) here and on every replica."""
        self.authenticator.forget_token_id(jti)
        await self._publish({"jti": jti})

    async def _publish(self, change: dict[str, str]) -> None:
        if self._publisher is None:
            return
        try:
            message = orjson.dumps({**change, "from": self._origin})
            await self._publisher.publish(self.channel, message)
        except Exception as exc:  # redis raises its own hierarchy; the change stands regardless
            UNPUBLISHED.inc()
            log.warning("revocation_not_published", error=f"{type(exc).__name__}: {exc}")

    def _apply(self, data: Any) -> None:
        try:
            change = orjson.loads(data)
        except orjson.JSONDecodeError:
            log.warning("revocation_message_refused")
            return
        if not isinstance(change, dict) or change.get("from") == self._origin:
            return
        RECEIVED.inc()
        if isinstance(subject := change.get("subject"), str):
            self.authenticator.forget_subject(subject)
        elif isinstance(jti := change.get("jti"), str):
            self.authenticator.forget_token_id(jti)

    def start(self) -> None:
        if self._subscriber is not None:
            self._task = asyncio.create_task(self._run(), name="gateway-revocations")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for client in (self._publisher, self._subscriber):
            if client is not None:
                await client.aclose()

    def _subscribed(self) -> None:
        self.authenticator.forget_all()
        self.authenticator.cache_seconds = CACHE_SECONDS
        self.listening = True
        self._warned = False
        log.info("revocations_subscribed", channel=self.channel)

    def _unsubscribed(self) -> None:
        self.listening = False
        self.authenticator.cache_seconds = SHORT_CACHE_SECONDS
        self.authenticator.forget_all()

    async def _run(self) -> None:
        first_backoff_s = backoff_s = min(0.1, self.max_backoff_s)
        while True:
            try:
                await self._listen()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any failure: missed messages are possible from here on
                if not self._warned:
                    self._warned = True
                    log.warning("revocations_unsubscribed", error=f"{type(exc).__name__}: {exc}")
            if self.listening:
                self._unsubscribed()
                backoff_s = first_backoff_s
            await asyncio.sleep(backoff_s)
            backoff_s = min(2 * backoff_s, self.max_backoff_s)

    async def _listen(self) -> None:
        """Returns only by raising: the connection failed or Redis stopped answering."""
        assert self._subscriber is not None
        pubsub = self._subscriber.pubsub()
        try:
            await pubsub.subscribe(self.channel)
            heard = pinged = time.monotonic()
            while True:
                message = await pubsub.get_message(timeout=self.heartbeat_s)
                now = time.monotonic()
                if message is not None:
                    heard = now
                    if message["type"] == "subscribe":
                        self._subscribed()
                    elif message["type"] == "message":
                        self._apply(message["data"])
                if now - heard > 3 * self.heartbeat_s:
                    raise ConnectionError(f"no answer from Redis for {now - heard:.1f} s")
                if now - pinged >= self.heartbeat_s:
                    await pubsub.ping()
                    pinged = now
        finally:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(1.0):
                    await pubsub.aclose()
