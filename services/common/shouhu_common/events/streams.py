"""Consuming from Redis Streams: the consumer side of `RedisStreamsTransport`.

Each consuming service reads the streams of the topics it handles with its own consumer group
(its service name), so every service gets every event once per group, and replicas of one service
share the work. An entry is acknowledged (XACK) only after its effect and inbox row committed; an
entry whose effect failed stays pending and is read again (first this reader's own pending
entries, then entries other readers left pending for longer than `claim_idle_ms`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from typing import Any

import orjson
import structlog
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shouhu_common.events.envelope import EventEnvelope, verify
from shouhu_common.events.inbox import EventConsumer
from shouhu_common.events.transports import STREAM_PREFIX, stream_name

log = structlog.get_logger("shouhu.events.streams")


class StreamReader:
    def __init__(
        self,
        consumer: EventConsumer,
        sessionmaker: async_sessionmaker[AsyncSession],
        redis: Any,
        *,
        group: str,
        secret: str,
        prefix: str = STREAM_PREFIX,
        block_ms: int = 1000,
        batch: int = 100,
        claim_idle_ms: int = 60_000,
        retry_s: float = 1.0,
    ) -> None:
        self._consumer = consumer
        self._sessionmaker = sessionmaker
        self._redis = redis
        self._group = group
        self._secret = secret
        self._streams = [stream_name(topic, prefix) for topic in sorted(consumer.handlers)]
        self._name = f"{socket.gethostname()}-{os.getpid()}-{id(self):x}"
        self._block_ms = block_ms
        self._batch = batch
        self._claim_idle_ms = claim_idle_ms
        self._retry_s = retry_s
        self._task: asyncio.Task[None] | None = None
        self._failed = False

    async def ensure_groups(self) -> None:
        for stream in self._streams:
            try:
                await self._redis.xgroup_create(stream, self._group, id="0", mkstream=True)
            except Exception as exc:  # BUSYGROUP: the group exists already
                if "BUSYGROUP" not in str(exc):
                    raise

    def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name=f"stream-reader-{self._group}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def run(self) -> None:
        while True:
            try:
                await self.ensure_groups()
                while True:
                    await self.read_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("stream_reader_failed", group=self._group)
                await asyncio.sleep(self._retry_s)

    async def read_once(self, block_ms: int | None = None) -> int:
        """Applies this reader's pending entries, abandoned ones, then new ones; returns how
        many entries were acknowledged."""
        if self._failed:
            self._failed = False
            await asyncio.sleep(self._retry_s)
        acked = 0
        for stream in self._streams:
            pending = await self._redis.xreadgroup(
                self._group, self._name, {stream: "0"}, count=self._batch
            )
            acked += await self._apply(pending)
            claimed = await self._redis.xautoclaim(
                stream, self._group, self._name, self._claim_idle_ms, "0-0", count=self._batch
            )
            acked += await self._apply([[stream, claimed[1]]])
        fresh = await self._redis.xreadgroup(
            self._group,
            self._name,
            dict.fromkeys(self._streams, ">"),
            count=self._batch,
            block=self._block_ms if block_ms is None else block_ms,
        )
        return acked + await self._apply(fresh)

    async def _apply(self, response: Any) -> int:
        acked = 0
        for stream, entries in response or []:
            for entry_id, fields in entries:
                if not fields:  # trimmed away while pending: nothing left to apply
                    await self._redis.xack(stream, self._group, entry_id)
                    continue
                body = fields.get(b"event") or fields.get("event") or b""
                signature = fields.get(b"signature") or fields.get("signature") or b""
                if isinstance(signature, bytes):
                    signature = signature.decode()
                if not verify(self._secret, body, signature, max_skew_s=None):
                    log.warning("stream_event_refused", stream=str(stream), reason="signature")
                    await self._redis.xack(stream, self._group, entry_id)
                    continue
                try:
                    event = EventEnvelope.model_validate(orjson.loads(body)).to_event()
                except (orjson.JSONDecodeError, ValidationError):
                    log.warning("stream_event_refused", stream=str(stream), reason="envelope")
                    await self._redis.xack(stream, self._group, entry_id)
                    continue
                try:
                    await self._consumer.consume(self._sessionmaker, event)
                except Exception:
                    log.exception("stream_event_failed", topic=event.topic)
                    self._failed = True
                    continue  # stays pending: read again after `retry_s`
                await self._redis.xack(stream, self._group, entry_id)
                acked += 1
        return acked
