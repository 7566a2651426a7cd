"""The one way a route answers without FastAPI's response model: JSON serialized once.

FastAPI validates a returned model again against `response_model` and then encodes it with the
standard library; for a gate verdict that was a large share of the hot path, for the household
file a third of its CPU, for an order feed of 100 orders or a pick list of 5,000 doors it doubled
the time. A route that returns `json_response(...)` is sent as it is, while its `response_model`
still documents the shape in OpenAPI.
"""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import BaseModel
from starlette.responses import Response


def json_response(content: BaseModel | bytes | Any, status_code: int = 200) -> Response:
    """A model (pydantic-core's encoder), JSON already encoded (bytes, e.g. a cached answer), or
    plain dicts and lists (UUIDs, dates, UTC datetimes written as pydantic does)."""
    if isinstance(content, BaseModel):
        body = content.__pydantic_serializer__.to_json(content)
    elif isinstance(content, bytes):
        body = content
    else:
        # default=str: asyncpg hands back its own UUID class, which orjson does not know.
        body = orjson.dumps(content, default=str, option=orjson.OPT_UTC_Z)
    return Response(body, status_code=status_code, media_type="application/json")
