"""Remembering retried writes: one record per (caller, Idempotency-Key)."""

from __future__ import annotations

import hashlib
import uuid
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


async def remember(
    session: AsyncSession,
    principal: Principal,
    key: str | None,
    operation: str,
    digest: str,
    resource_id: uuid.UUID,
) -> None:
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
                }
            ],
        )
