"""Sends pending webhook deliveries, signed, and retries with backoff until a 2xx acknowledges.

Each batch is claimed with a short lease (its next attempt moved into the future) and committed
before any HTTP call, so no database lock is held while a partner's server answers; a crash
during the calls only means those deliveries are tried again when the lease ends (at least once).

Signature: `X-Shouhu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, f"{t}.{body}")>`.
Receivers recompute it over the raw body and refuse timestamps older than five minutes. During the
overlap after a key rotation a second `v1=` follows, made with the replaced key
(`t=…,v1=<new>,v1=<old>`): a receiver accepts the delivery when any `v1` matches a key it holds,
and one that reads only the last `v1` keeps working with the old key until it switches.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from collections.abc import Sequence
from datetime import datetime, timedelta

import httpx
import structlog
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shouhu_common.clock import utc_now
from supplies.webhooks.errors import WebhookTargetRefused
from supplies.webhooks.models import DeliveryState, Webhook, WebhookDelivery
from supplies.webhooks.repository import due_deliveries
from supplies.webhooks.targets import check_target

log = structlog.get_logger("supplies.webhooks")
LEASE = timedelta(seconds=60)
FIRST_RETRY_S = 10
MAX_RETRY_S = 3600
GIVE_UP_AFTER = timedelta(days=3)


def signature(keys: Sequence[str], timestamp: int, body: bytes) -> str:
    """`t=…,v1=…` with one `v1` per key, the current key first."""
    macs = (
        hmac.new(key.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        for key in keys
    )
    return ",".join([f"t={timestamp}", *(f"v1={mac}" for mac in macs)])


def signing_keys(hook: Webhook, now: datetime) -> list[str]:
    """The current key, and the one the last rotation replaced while its overlap lasts."""
    if hook.previous_secret and hook.previous_secret_until and now < hook.previous_secret_until:
        return [hook.secret, hook.previous_secret]
    return [hook.secret]


def retry_delay(attempts: int) -> timedelta:
    """10 s, 20 s, 40 s … doubling up to one hour between attempts."""
    return timedelta(seconds=min(FIRST_RETRY_S * 2 ** max(attempts - 1, 0), MAX_RETRY_S))


async def _attempt(
    http: httpx.AsyncClient, delivery: WebhookDelivery, hook: Webhook, allow_loopback: bool
) -> tuple[int | None, str]:
    try:
        await check_target(hook.url, allow_loopback=allow_loopback, require_https=False)
    except WebhookTargetRefused as exc:
        return None, f"refused: {exc.detail}"
    body = delivery.payload.encode()
    headers = {
        "content-type": "application/json",
        "user-agent": "Shouhu-Webhooks/1",
        "x-shouhu-event": delivery.event_type,
        "x-shouhu-delivery": str(delivery.id),
        # 1 for the first attempt: the same delivery again with a higher number is a retry
        "x-shouhu-attempt": str(delivery.attempts + 1),
        "x-shouhu-signature": signature(signing_keys(hook, utc_now()), int(time.time()), body),
    }
    try:
        response = await http.post(hook.url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:300]
    return response.status_code, "" if response.is_success else response.text[:300]


async def _record(
    session: AsyncSession, delivery: WebhookDelivery, status: int | None, error: str, now: datetime
) -> None:
    attempts = delivery.attempts + 1
    values: dict[str, object] = {
        "attempts": attempts,
        "last_status_code": status,
        "last_error": error,
    }
    if status is not None and 200 <= status < 300:
        values.update(state=DeliveryState.delivered, delivered_at=now)
    elif now - delivery.created_at > GIVE_UP_AFTER:
        values.update(state=DeliveryState.failed)
    else:
        values.update(next_attempt_at=now + retry_delay(attempts))
    await session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.community_id == delivery.community_id,
            WebhookDelivery.id == delivery.id,
        )
        .values(**values)
    )


async def dispatch_due(
    sessionmaker: async_sessionmaker[AsyncSession],
    http: httpx.AsyncClient,
    *,
    allow_loopback: bool,
    batch: int = 50,
) -> int:
    """One pass: claims up to `batch` due deliveries, sends them concurrently, records results.
    Returns how many were attempted."""
    now = utc_now()
    async with sessionmaker() as session:
        due = await due_deliveries(session, now, batch)
        if not due:
            return 0
        # the lease: one statement for a batch that may span communities, like the scan
        await session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id.in_([d.id for d, _ in due]))
            .values(next_attempt_at=now + LEASE)
        )
        await session.commit()
    results = await asyncio.gather(*(_attempt(http, d, h, allow_loopback) for d, h in due))
    async with sessionmaker() as session:
        finished = utc_now()
        for (delivery, _), (status, error) in zip(due, results, strict=True):
            await _record(session, delivery, status, error, finished)
        await session.commit()
    return len(due)


async def run_dispatcher(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    poll_s: float,
    timeout_s: float,
    allow_loopback: bool,
) -> None:
    """The service's background loop (started in the lifespan, cancelled at shutdown)."""
    async with httpx.AsyncClient(
        timeout=timeout_s, follow_redirects=False, trust_env=False
    ) as http:
        while True:
            try:
                sent = await dispatch_due(sessionmaker, http, allow_loopback=allow_loopback)
            except Exception:  # noqa: BLE001 - keep the loop alive; the next pass retries
                log.exception("webhook_dispatch_failed")
                sent = 0
            if not sent:
                await asyncio.sleep(poll_s)
