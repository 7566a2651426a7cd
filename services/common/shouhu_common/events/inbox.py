"""Consuming events exactly once in effect: the inbox, and the `POST /internal/events` receiver.

Delivery is at least once, so the same event may arrive twice (a relay retry after a lost
answer, a replica restart). The consumer writes the event id into its `inbox` table in the same
transaction as the event's effect: the second arrival finds it there and changes nothing, and a
failed effect rolls back the inbox row too, so the retry applies it properly.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Literal

import orjson
import structlog
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shouhu_common.clock import utc_now
from shouhu_common.events.envelope import SIGNATURE_HEADER, Event, EventEnvelope, verify
from shouhu_common.events.transports import EVENTS_PATH
from shouhu_common.problems import FieldError, ProblemError

log = structlog.get_logger("shouhu.events.inbox")

Handler = Callable[[AsyncSession, Event], Awaitable[None]]
"""Applies one event's effect in the given session; must not commit (the consumer does)."""

Outcome = Literal["applied", "duplicate", "ignored"]


class EventSignatureInvalid(ProblemError):
    status, slug = 401, "event-signature-invalid"
    title_zh, title_en = "事件签名无效", "Invalid event signature"


class NotAnEvent(ProblemError):
    status, slug = 422, "validation-error"
    title_zh, title_en = "提交的数据有误", "Invalid input"


async def first_delivery(session: AsyncSession, inbox: Table, event: Event) -> bool:
    """Record `event` in the inbox within the open transaction; False if it was seen before.
    Use it directly when a service applies events outside `EventConsumer` (same transaction!)."""
    seen = await session.execute(select(inbox.c.event_id).where(inbox.c.event_id == event.event_id))
    if seen.first() is not None:
        return False
    await session.execute(
        insert(inbox).values(
            event_id=event.event_id,
            source=event.source,
            topic=event.topic,
            received_at=utc_now(),
        )
    )
    return True


class EventConsumer:
    """Dispatches events to per-topic handlers, once each. Topics without a handler are recorded
    and acknowledged (`ignored`), so a producer sending more than we need never stalls."""

    def __init__(self, inbox: Table, handlers: Mapping[str, Handler]) -> None:
        self.inbox = inbox
        self.handlers = dict(handlers)

    async def consume(
        self, sessionmaker: async_sessionmaker[AsyncSession], event: Event
    ) -> Outcome:
        handler = self.handlers.get(event.topic)
        async with sessionmaker() as session:
            try:
                if not await first_delivery(session, self.inbox, event):
                    return "duplicate"
                if handler is not None:
                    await handler(session, event)
                await session.commit()
            except IntegrityError:
                # A concurrent delivery of the same event won the inbox row: already applied.
                await session.rollback()
                exists = await session.execute(
                    select(self.inbox.c.event_id).where(self.inbox.c.event_id == event.event_id)
                )
                if exists.first() is not None:
                    return "duplicate"
                raise
        return "applied" if handler is not None else "ignored"


def event_receiver_router(
    consumer: EventConsumer,
    *,
    secret: str,
    sessionmaker_of: Callable[[Request], async_sessionmaker[AsyncSession]],
) -> APIRouter:
    """`POST /internal/events`, for services only: authenticated by the events HMAC (the
    gateway never routes `/internal`), excluded from the published OpenAPI. A handler failure
    answers 500 and the producer's relay retries later."""
    router = APIRouter(include_in_schema=False)

    @router.post(EVENTS_PATH)
    async def receive_event(request: Request) -> JSONResponse:
        body = await request.body()
        if not verify(secret, body, request.headers.get(SIGNATURE_HEADER)):
            raise EventSignatureInvalid("the event signature is missing, wrong or too old")
        try:
            envelope = EventEnvelope.model_validate(orjson.loads(body))
        except (orjson.JSONDecodeError, ValidationError) as exc:
            errors = None
            if isinstance(exc, ValidationError):
                errors = [
                    FieldError(field=".".join(map(str, e["loc"])), message=e["msg"])
                    for e in exc.errors()
                ]
            raise NotAnEvent("not an event envelope", errors=errors) from exc
        event = envelope.to_event()
        outcome = await consumer.consume(sessionmaker_of(request), event)
        log.info("event_received", topic=event.topic, event_id=str(event.event_id), outcome=outcome)
        return JSONResponse({"event_id": str(event.event_id), "outcome": outcome})

    return router
