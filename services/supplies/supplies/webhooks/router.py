"""Partner webhooks: signed notifications of each change a partner acts on, and a delivery log."""

from __future__ import annotations

import uuid
from datetime import timedelta

from fastapi import APIRouter, Depends, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses
from supplies.database import get_session
from supplies.dependencies import get_settings
from supplies.idempotency.dependencies import idempotency_key
from supplies.idempotency.errors import IdempotencyKeyReused
from supplies.webhooks import service
from supplies.webhooks.errors import WebhookNotFound, WebhookTargetRefused
from supplies.webhooks.events import catalogue_markdown
from supplies.webhooks.schemas import DeliveryPage, WebhookCreate, WebhookCreated, WebhookRead
from supplies.webhooks.service import SecretPolicy, TargetPolicy

router = APIRouter(tags=["webhooks"])

EVENTS = f"""Events (the catalogue, `supplies/webhooks/events.py`):

{catalogue_markdown()}

Body: `{{"id", "type", "created_at", "data"}}`. Headers: `X-Shouhu-Event` (the type),
`X-Shouhu-Delivery` (unique per delivery: deduplicate on it), `X-Shouhu-Attempt` (1, then 2… when
retried) and
`X-Shouhu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; for a
while after `POST /webhooks/{id}/rotate-secret` a second `v1=` signed with the replaced key follows
the first (accept the delivery when any `v1` matches a key you hold).
Answer 2xx to acknowledge; anything else is retried with backoff (10 s doubling up to 1 h) for
three days. Only public http(s) addresses are accepted (https in production)."""


SHOWN_AGAIN = """Send an `Idempotency-Key`: a retry with the same key and request within 24 h
(`SUPPLIES_SECRET_REPLAY_HOURS`) gets the same answer, secret included, so a lost answer never
leaves a webhook that cannot be verified. Later, or once that secret no longer signs, the retry
gets the webhook without a secret (rotate it for a new one)."""


async def secret_policy(request: Request) -> SecretPolicy:
    settings = get_settings(request)
    return SecretPolicy(
        overlap=timedelta(hours=settings.webhook_secret_overlap_hours),
        replay_window=timedelta(hours=settings.secret_replay_hours),
    )


async def target_policy(request: Request) -> TargetPolicy:
    settings = get_settings(request)
    return TargetPolicy(
        allow_loopback=settings.allows_loopback_webhooks(),
        require_https=settings.env == "production",
    )


@router.post(
    "",
    response_model=WebhookCreated | WebhookRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(WebhookTargetRefused, IdempotencyKeyReused),
    summary="Register a webhook receiver (partner API key); the signing secret is shown now",
    description=EVENTS + "\n\n" + SHOWN_AGAIN,
)
async def register_webhook(
    body: WebhookCreate,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(require(Permission.webhooks_manage)),
    session: AsyncSession = Depends(get_session),
    policy: TargetPolicy = Depends(target_policy),
    secrets_policy: SecretPolicy = Depends(secret_policy),
) -> object:
    return await service.register_webhook(session, principal, body, key, policy, secrets_policy)


@router.post(
    "/{webhook_id}/rotate-secret",
    response_model=WebhookCreated | WebhookRead,
    responses=problem_responses(WebhookNotFound, IdempotencyKeyReused),
    summary="Replace the signing secret; the old one keeps signing beside it for 24 h",
    description="Returns the new secret. For the overlap (`previous_secret_until`, 24 h by "
    "default: `SUPPLIES_WEBHOOK_SECRET_OVERLAP_HOURS`) every delivery carries two signatures, "
    "`X-Shouhu-Signature: t=<unix>,v1=<new key>,v1=<old key>`, so deploy the new key at your pace "
    "and accept a delivery when any `v1` matches; after it, only the new key signs. Rotating again "
    "during an overlap ends the older key at once (two keys at most).\n\n" + SHOWN_AGAIN,
)
async def rotate_webhook_secret(
    webhook_id: uuid.UUID,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(require(Permission.webhooks_manage)),
    session: AsyncSession = Depends(get_session),
    policy: SecretPolicy = Depends(secret_policy),
) -> object:
    return await service.rotate_secret(session, principal, webhook_id, key, policy)


@router.get("", response_model=list[WebhookRead], summary="The partner's own webhooks")
async def list_webhooks(
    principal: Principal = Depends(require(Permission.webhooks_manage)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_webhooks(session, principal)


@router.get(
    "/{webhook_id}",
    response_model=WebhookRead,
    responses=problem_responses(WebhookNotFound),
    summary="One own webhook",
)
async def get_webhook(
    webhook_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.webhooks_manage)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_webhook(session, principal, webhook_id)


@router.delete(
    "/{webhook_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problem_responses(WebhookNotFound),
    summary="Stop a webhook (its delivery log stays readable)",
)
async def deactivate_webhook(
    webhook_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.webhooks_manage)),
    session: AsyncSession = Depends(get_session),
) -> Response:
    await service.deactivate_webhook(session, principal, webhook_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{webhook_id}/deliveries",
    response_model=DeliveryPage,
    responses=problem_responses(WebhookNotFound),
    summary="Delivery log: every notification, its attempts and the last answer",
)
async def list_deliveries(
    webhook_id: uuid.UUID,
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(require(Permission.webhooks_manage)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_deliveries(session, principal, webhook_id, page)


@router.post(
    "/{webhook_id}/test",
    status_code=status.HTTP_202_ACCEPTED,
    response_class=Response,
    responses=problem_responses(WebhookNotFound),
    summary="Queue a `webhook.ping` to this webhook",
)
async def send_test_event(
    webhook_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.webhooks_manage)),
    session: AsyncSession = Depends(get_session),
) -> Response:
    await service.send_test_event(session, principal, webhook_id)
    return Response(status_code=status.HTTP_202_ACCEPTED)
