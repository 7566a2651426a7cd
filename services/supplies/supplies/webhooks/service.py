"""A partner's webhooks: registered behind the SSRF guard, readable only by their partner, with
the log of every delivery; their signing keys, shown when made (and to a retry) and rotated with
an overlap."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams
from supplies.access import own_partner_id, partner_community
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


@dataclass(frozen=True, slots=True)
class SecretPolicy:
    overlap: timedelta  # the replaced key signs beside the new one this long
    replay_window: timedelta  # a retry is shown the secret again this long


def new_secret() -> str:
    return "whsec_" + secrets.token_hex(24)


async def load_own_webhook(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID
) -> Webhook:
    hook = await repository.get_webhook(session, partner_community(principal), webhook_id)
    if hook is None or hook.partner_id != own_partner_id(principal):
        raise WebhookNotFound()
    return hook


def _shown(hook: Webhook, secret: str) -> WebhookCreated:
    return WebhookCreated.model_validate({**_read(hook).model_dump(), "secret": secret})


def _read(hook: Webhook) -> WebhookRead:
    return WebhookRead.model_validate(hook)


async def _replay(
    session: AsyncSession,
    principal: Principal,
    replay: idempotency.SecretReplay,
    policy: SecretPolicy,
) -> WebhookCreated | WebhookRead:
    """The first answer again, secret included, while that secret still signs and within the
    window; after that the webhook without it (rotate to get a new one)."""
    hook = await load_own_webhook(session, principal, replay.resource_id)
    now = utc_now()
    current = [hook.secret]
    if hook.previous_secret_until is not None and now < hook.previous_secret_until:
        current.append(hook.previous_secret or "")
    secret = replay.secret_among(current, now, policy.replay_window)
    return _shown(hook, secret) if secret else _read(hook)


async def register_webhook(
    session: AsyncSession,
    principal: Principal,
    data: WebhookCreate,
    key: str | None,
    policy: TargetPolicy,
    secrets_policy: SecretPolicy,
) -> WebhookRead | WebhookCreated:
    """The signing secret is returned now, and to a retry with the same Idempotency-Key within
    the replay window (the answer was perhaps lost: without the secret the webhook could never be
    verified). Only the secret's digest is kept with the key; the secret is read from the webhook,
    which must hold it in clear to sign anyway."""
    partner_id, community_id = own_partner_id(principal), partner_community(principal)
    digest = idempotency.fingerprint("webhooks.register", data.model_dump())
    done = await idempotency.replayed_secret(session, principal, key, "webhooks.register", digest)
    if done is not None:
        return await _replay(session, principal, done, secrets_policy)
    await check_target(
        data.url, allow_loopback=policy.allow_loopback, require_https=policy.require_https
    )
    hook = Webhook(
        id=uuid.uuid4(),
        community_id=community_id,
        partner_id=partner_id,
        url=data.url,
        secret=new_secret(),
        active=True,
        created_at=utc_now(),
    )
    session.add(hook)
    await idempotency.remember(
        session, principal, key, "webhooks.register", digest, hook.id, secret=hook.secret
    )
    await session.commit()
    return _shown(hook, hook.secret)


async def rotate_secret(
    session: AsyncSession,
    principal: Principal,
    webhook_id: uuid.UUID,
    key: str | None,
    policy: SecretPolicy,
) -> WebhookRead | WebhookCreated:
    """A new signing key, returned (and to a retry, as at registration). The key it replaces
    signs beside it for the overlap, so deliveries verify while the partner deploys the new one;
    a key replaced earlier stops at once (two at most)."""
    digest = idempotency.fingerprint("webhooks.rotate_secret", str(webhook_id))
    done = await idempotency.replayed_secret(
        session, principal, key, "webhooks.rotate_secret", digest
    )
    if done is not None:
        return await _replay(session, principal, done, policy)
    hook = await load_own_webhook(session, principal, webhook_id)
    now = utc_now()
    overlapping = policy.overlap > timedelta(0)
    hook.previous_secret = hook.secret if overlapping else None
    hook.previous_secret_until = now + policy.overlap if overlapping else None
    hook.secret = new_secret()
    hook.secret_rotated_at = now
    await idempotency.remember(
        session, principal, key, "webhooks.rotate_secret", digest, hook.id, secret=hook.secret
    )
    await session.commit()
    return _shown(hook, hook.secret)


async def list_webhooks(session: AsyncSession, principal: Principal) -> list[WebhookRead]:
    hooks = await repository.list_webhooks(
        session, partner_community(principal), own_partner_id(principal)
    )
    return [WebhookRead.model_validate(h) for h in hooks]


async def get_webhook(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID
) -> WebhookRead:
    return _read(await load_own_webhook(session, principal, webhook_id))


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
    total = await repository.count_deliveries(session, hook)
    rows = await repository.list_deliveries(session, hook, page.limit, page.offset)
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
