"""The `Idempotency-Key` request header every retryable POST accepts."""

from __future__ import annotations

from fastapi import Header

DESCRIPTION = (
    "Any unique string (a UUID is fine) per intended write. Sending the same request again with "
    "the same key returns the first result and changes nothing; the same key with a different "
    "request is refused (422 `idempotency-key-reused`)."
)


async def idempotency_key(  # async: no thread pool hop per request
    key: str | None = Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description=DESCRIPTION,
        examples=["3f2b7c1e-6a8d-4e57-9b1a-0c5d2e8f4a10"],
    ),
) -> str | None:
    return key
