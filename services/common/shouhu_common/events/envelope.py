"""The event envelope on the wire, and its HMAC signature.

Why a shared HMAC secret (`<PREFIX>_EVENTS_SECRET`, the same value in every service of one
deployment) rather than the gateway's identity token: services hold only the gateway's *public*
key, so none of them can mint an identity; giving each service its own key pair would mean
distributing and rotating N public keys for two services. An HMAC over the exact body, with a
timestamp, proves the event came from a holder of the deployment secret and was not altered or
replayed later; replays inside the window are harmless because consumers are idempotent (inbox).
The cost, accepted: any service holding the secret could forge an event from another one. The
development placeholder is refused in production like every other secret.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field

SIGNATURE_HEADER = "x-shouhu-event-signature"
SOURCE_HEADER = "x-shouhu-event-source"
MAX_CLOCK_SKEW_S = 300
DEV_EVENTS_SECRET = "dev-only-events-secret"


@dataclass(frozen=True, slots=True)
class Event:
    """One event as the producer wrote it and the consumer receives it."""

    event_id: uuid.UUID
    source: str
    topic: str
    key: str
    occurred_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> bytes:
        return orjson.dumps(
            {
                "event_id": str(self.event_id),
                "source": self.source,
                "topic": self.topic,
                "key": self.key,
                "occurred_at": self.occurred_at.isoformat(),
                "payload": self.payload,
            }
        )


class EventEnvelope(BaseModel):
    """What `POST /internal/events` accepts (validated like any outside input)."""

    model_config = ConfigDict(extra="forbid")

    event_id: uuid.UUID
    source: str = Field(min_length=1, max_length=50)
    topic: str = Field(min_length=1, max_length=100)
    key: str = Field(max_length=100)
    occurred_at: datetime
    payload: dict[str, Any]

    def to_event(self) -> Event:
        return Event(
            self.event_id, self.source, self.topic, self.key, self.occurred_at, self.payload
        )


def _digest(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, now: float | None = None) -> str:
    """The signature header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`."""
    timestamp = str(int(now if now is not None else time.time()))
    return f"t={timestamp},v1={_digest(secret, timestamp, body)}"


def verify(
    secret: str,
    body: bytes,
    header: str | None,
    now: float | None = None,
    max_skew_s: float | None = MAX_CLOCK_SKEW_S,
) -> bool:
    """True when `header` signs `body` with `secret` and its time is within `max_skew_s` (None:
    no time check, for events read from a broker where they may wait for hours)."""
    if not header:
        return False
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    timestamp, given = parts.get("t", ""), parts.get("v1", "")
    if not timestamp.isdigit() or not given:
        return False
    current = now if now is not None else time.time()
    if max_skew_s is not None and abs(current - int(timestamp)) > max_skew_s:
        return False
    return hmac.compare_digest(_digest(secret, timestamp, body), given)
