"""Remembering retried writes: one record per (caller, Idempotency-Key)."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import String, bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.driver_reads import DriverSelect
from shouhu_common.identity import Principal
from supplies.idempotency.errors import IdempotencyKeyReused
from supplies.idempotency.models import IdempotencyRecord


def fingerprint(*parts: Any) -> str:
    """A stable digest of what was asked (path parameters and the body)."""
    return hashlib.sha256(orjson.dumps(parts, default=str, option=orjson.OPT_SORT_KEYS)).hexdigest()


_RECORD = DriverSelect(
    select(
        IdempotencyRecord.operation, IdempotencyRecord.request_hash, IdempotencyRecord.resource_id
    ).where(
        IdempotencyRecord.subject == bindparam("subject", type_=String),
        IdempotencyRecord.key == bindparam("key", type_=String),
    ),
    uuid_objects=True,
)


async def replayed(
    session: AsyncSession, principal: Principal, key: str | None, operation: str, digest: str
) -> uuid.UUID | None:
    """The record a former request with this key made, or None when the key is new.
    The same key with another operation or body is refused: it is a client bug, not a retry."""
    if not key:
        return None
    record = await _RECORD.first(session, subject=principal.subject, key=key)
    if record is None:
        return None
    first_operation, request_hash, resource_id = record
    if first_operation != operation or request_hash != digest:
        raise IdempotencyKeyReused(
            f"Idempotency-Key '{key}' was first used for another request ({first_operation})"
        )
    found: uuid.UUID = resource_id
    return found


@dataclass(frozen=True, slots=True)
class SecretReplay:
    """What a former request with this key made, and the digest of the secret it showed."""

    resource_id: uuid.UUID
    created_at: datetime
    secret_digest: str | None

    def secret_among(
        self, candidates: Iterable[str | None], now: datetime, window: timedelta
    ) -> str:
        """The secret the first answer showed, if it is still one of `candidates` (its owner's
        current keys) and the window has not passed; "" otherwise."""
        if self.secret_digest is None or now - self.created_at > window:
            return ""
        for candidate in candidates:
            if candidate and hmac.compare_digest(secret_digest(candidate), self.secret_digest):
                return candidate
        return ""


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def replayed_secret(
    session: AsyncSession, principal: Principal, key: str | None, operation: str, digest: str
) -> SecretReplay | None:
    """`replayed` for a write whose answer shows a one-time secret: a lost answer must not leave
    the caller without it, so the retry gets what it needs to show the same secret again."""
    resource_id = await replayed(session, principal, key, operation, digest)
    if resource_id is None or not key:
        return None
    query = select(IdempotencyRecord.created_at, IdempotencyRecord.secret_digest).where(
        IdempotencyRecord.subject == principal.subject, IdempotencyRecord.key == key
    )
    created_at, shown = (await session.execute(query)).one()
    return SecretReplay(resource_id, created_at, shown)


async def remember(
    session: AsyncSession,
    principal: Principal,
    key: str | None,
    operation: str,
    digest: str,
    resource_id: uuid.UUID,
    *,
    secret: str | None = None,
) -> None:
    """`secret`: a one-time secret the answer shows; only its digest is kept."""
    if key:
        await session.execute(
            insert(IdempotencyRecord),
            [
                {
                    "id": uuid.uuid4(),
                    "subject": principal.subject,
                    "key": key,
                    "operation": operation,
                    "request_hash": digest,
                    "resource_id": resource_id,
                    "created_at": utc_now(),
                    "secret_digest": None if secret is None else secret_digest(secret),
                }
            ],
        )
