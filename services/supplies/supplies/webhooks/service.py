"""A partner's webhooks: registered behind the SSRF guard, readable only by their partner, with
the log of every delivery."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams
from supplies.access import own_partner_id
from supplies.idempotency import repository as idempotency
from supplies.webhooks import repository
from supplies.webhooks.errors import WebhookNotFound
from supplies.webhooks.models import Webhook
from supplies.webhooks.schemas import DeliveryRead, WebhookCreate, WebhookCreated, WebhookRead
from supplies.webhooks.targets import check_target


@dataclass(frozen=True, slots=True)
class TargetPolicy:
    allow_loopback: bool
    require_https: bool


async def load_own_webhook(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID
) -> Webhook:
    hook = await repository.get_webhook(session, webhook_id)
    if hook is None or hook.partner_id != own_partner_id(principal):
        raise WebhookNotFound()
    return hook


async def register_webhook(
    session: AsyncSession,
    principal: Principal,
    data: WebhookCreate,
    key: str | None,
    policy: TargetPolicy,
) -> WebhookRead | WebhookCreated:
    """The signing secret is returned once; a retried registration returns the webhook only."""
    partner_id = own_partner_id(principal)
    digest = idempotency.fingerprint("webhooks.register", data.model_dump())
    done = await idempotency.replayed(session, principal, key, "webhooks.register", digest)
    if done is not None:
        return WebhookRead.model_validate(await load_own_webhook(session, principal, done))
    await check_target(
        data.url, allow_loopback=policy.allow_loopback, require_https=policy.require_https
    )
    hook = Webhook(
        id=uuid.uuid4(),
        partner_id=partner_id,
        url=data.url,
        secret="whsec_" + secrets.token_hex(24),
        active=True,
    )
    session.add(hook)
    await idempotency.remember(session, principal, key, "webhooks.register", digest, hook.id)
    await session.commit()
    return WebhookCreated(
        id=hook.id, url=hook.url, active=hook.active, created_at=hook.created_at, secret=hook.secret
    )


async def list_webhooks(session: AsyncSession, principal: Principal) -> list[WebhookRead]:
    hooks = await repository.list_webhooks(session, own_partner_id(principal))
    return [WebhookRead.model_validate(h) for h in hooks]


async def get_webhook(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID
) -> WebhookRead:
    return WebhookRead.model_validate(await load_own_webhook(session, principal, webhook_id))


async def deactivate_webhook(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID
) -> None:
    """Stops new deliveries; the log stays readable."""
    hook = await load_own_webhook(session, principal, webhook_id)
    hook.active = False
    await session.commit()


async def list_deliveries(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID, page: PageParams
) -> Page[DeliveryRead]:
    hook = await load_own_webhook(session, principal, webhook_id)
    total = await repository.count_deliveries(session, hook.id)
    rows = await repository.list_deliveries(session, hook.id, page.limit, page.offset)
    return Page(
        items=[DeliveryRead.model_validate(d) for d in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


async def send_test_event(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID
) -> None:
    """Queues a `webhook.ping` to this webhook only, to try a receiver."""
    hook = await load_own_webhook(session, principal, webhook_id)
    repository.add_ping(session, hook)
    await session.commit()
