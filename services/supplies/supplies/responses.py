"""Answers serialized once, by pydantic-core, for the hot and the large routes.

FastAPI validates a returned model again against `response_model` and then encodes it; for an
order feed of 100 orders or a pick list of 5,000 doors that doubled the time. A `Response` is sent
as it is, while `response_model` still documents the shape in OpenAPI.
"""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import BaseModel
from starlette.responses import Response


def json_response(content: BaseModel | Any, status_code: int = 200) -> Response:
    """A model, or plain dicts and lists (UUIDs, dates, UTC datetimes written as pydantic does)."""
    if isinstance(content, BaseModel):
        body = content.model_dump_json().encode()
    else:
        # default=str: asyncpg hands back its own UUID class, which orjson does not know.
        body = orjson.dumps(content, default=str, option=orjson.OPT_UTC_Z)
    return Response(body, status_code=status_code, media_type="application/json")
