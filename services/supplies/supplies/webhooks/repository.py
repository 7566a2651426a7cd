"""Queries of webhooks and their deliveries; `enqueue_event` is called in the transaction of the
change it reports, so a notification exists exactly when the change was committed."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from supplies.webhooks.events import WebhookEvent
from supplies.webhooks.models import DeliveryState, Webhook, WebhookDelivery


async def active_webhooks(
    session: AsyncSession, community_id: uuid.UUID, partner_id: uuid.UUID
) -> Sequence[Webhook]:
    query = select(Webhook).where(
        Webhook.community_id == community_id,
        Webhook.partner_id == partner_id,
        Webhook.active.is_(True),
    )
    return (await session.scalars(query)).all()


def event_body(event_type: WebhookEvent, data: dict[str, Any], now: datetime) -> str:
    """A notification as it is signed and sent."""
    return orjson.dumps(
        {"id": str(uuid.uuid4()), "type": event_type, "created_at": now, "data": data},
        default=str,
        option=orjson.OPT_UTC_Z,
    ).decode()


async def enqueue_event(
    session: AsyncSession,
    community_id: uuid.UUID,
    partner_id: uuid.UUID,
    event_type: WebhookEvent,
    data: Callable[[], Awaitable[dict[str, Any]]],
) -> None:
    """`data` is only built when the partner has a webhook."""
    hooks = await active_webhooks(session, community_id, partner_id)
    if not hooks:
        return
    body = event_body(WebhookEvent(event_type), await data(), utc_now())
    now = utc_now()
    for hook in hooks:
        session.add(
            WebhookDelivery(
                community_id=community_id,
                webhook_id=hook.id,
                partner_id=partner_id,
                event_type=event_type,
                payload=body,
                state=DeliveryState.pending,
                attempts=0,
                next_attempt_at=now,
                last_error="",
            )
        )


async def get_webhook(
    session: AsyncSession, community_id: uuid.UUID, webhook_id: uuid.UUID
) -> Webhook | None:
    query = select(Webhook).where(Webhook.community_id == community_id, Webhook.id == webhook_id)
    return (await session.scalars(query)).first()


async def list_webhooks(
    session: AsyncSession, community_id: uuid.UUID, partner_id: uuid.UUID
) -> Sequence[Webhook]:
    query = (
        select(Webhook)
        .where(Webhook.community_id == community_id, Webhook.partner_id == partner_id)
        .order_by(Webhook.created_at)
    )
    return (await session.scalars(query)).all()


async def count_deliveries(session: AsyncSession, hook: Webhook) -> int:
    query = select(func.count(WebhookDelivery.id)).where(
        WebhookDelivery.community_id == hook.community_id, WebhookDelivery.webhook_id == hook.id
    )
    return int((await session.execute(query)).scalar_one())


async def list_deliveries(
    session: AsyncSession, hook: Webhook, limit: int, offset: int
) -> Sequence[WebhookDelivery]:
    query = (
        select(WebhookDelivery)
        .where(
            WebhookDelivery.community_id == hook.community_id,
            WebhookDelivery.webhook_id == hook.id,
        )
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id)
        .limit(limit)
        .offset(offset)
    )
    return (await session.scalars(query)).all()


async def due_deliveries(
    session: AsyncSession, now: datetime, limit: int
) -> Sequence[tuple[WebhookDelivery, Webhook]]:
    """Pending deliveries whose time has come; on PostgreSQL rows another replica is sending are
    skipped (SKIP LOCKED), so each attempt is made once. Across every community on purpose: one
    dispatcher serves the whole service, due first wherever it is (with Citus, one scan per
    shard, merged by time)."""
    query = (
        select(WebhookDelivery, Webhook)
        .join(
            Webhook,
            (Webhook.community_id == WebhookDelivery.community_id)
            & (Webhook.id == WebhookDelivery.webhook_id),
        )
        .where(
            WebhookDelivery.state == DeliveryState.pending,
            WebhookDelivery.next_attempt_at <= now,
        )
        .order_by(WebhookDelivery.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True, of=WebhookDelivery)
    )
    return [(d, w) for d, w in (await session.execute(query)).all()]


def add_ping(session: AsyncSession, hook: Webhook) -> None:
    now = utc_now()
    body = orjson.dumps(
        {
            "id": str(uuid.uuid4()),
            "type": WebhookEvent.webhook_ping,
            "created_at": now.isoformat(),
            "data": {"webhook_id": str(hook.id)},
        }
    ).decode()
    session.add(
        WebhookDelivery(
            community_id=hook.community_id,
            webhook_id=hook.id,
            partner_id=hook.partner_id,
            event_type=WebhookEvent.webhook_ping,
            payload=body,
            state=DeliveryState.pending,
            attempts=0,
            next_attempt_at=now,
            last_error="",
        )
    )
