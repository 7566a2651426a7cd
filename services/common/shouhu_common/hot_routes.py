"""Direct dispatch of a service's hottest routes (the gate's verify, and verify + log).

py-spy on the registry under the gate benchmark (2 cores): of its CPU per `POST /api/v1/gate/logs`,
about 40 % went to FastAPI's per-request machinery between the middleware and the endpoint —
exception and exit-stack layers, route matching, dependency solving, and the body parsed by
`json.loads` and then validated from Python objects. A `HotRoute` names a FastAPI route that is
declared as usual (OpenAPI documents it, and it serves the request when `hot_routes` is off) with
its JSON body model, its permission dependency and its endpoint. This layer sits innermost in the
middleware stack, so request id, body size cap, identity and metrics still apply, and calls that
same endpoint with the body validated by pydantic-core straight from the bytes; errors are
answered by the app's own problem handlers. `tests/registry/access/gates/test_hot_routes.py`
holds the two paths to the same answers. A path may hold `{name}` segments (the sampling
batch's round id): they reach the endpoint as `request.path_params`, as strings.
"""

from __future__ import annotations

import inspect
import json
import re
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from shouhu_common.identity import Principal


@dataclass(frozen=True, slots=True)
class HotRoute:
    """`endpoint(request, body, principal)` of the FastAPI route `method path`."""

    method: str
    path: str
    body: type[BaseModel]
    principal: Callable[[Request], Awaitable[Principal]]
    endpoint: Callable[[Request, Any, Principal], Awaitable[Response]]


class HotRoutes:
    """Pure ASGI: requests for a hot route go to its endpoint; all others pass through."""

    def __init__(self, app: ASGIApp, *, routes: Sequence[HotRoute]) -> None:
        self.app = app
        self.routes = {(r.method, r.path): r for r in routes if "{" not in r.path}
        self.templates = [(r.method, _pattern(r.path), r) for r in routes if "{" in r.path]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = (
            self.routes.get((scope["method"], scope["path"])) if scope["type"] == "http" else None
        )
        if route is None and self.templates and scope["type"] == "http":
            for method, pattern, candidate in self.templates:
                found = pattern.fullmatch(scope["path"]) if method == scope["method"] else None
                if found is not None:
                    route, scope = candidate, {**scope, "path_params": found.groupdict()}
                    break
        if route is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            raw = await request.body()
            try:
                # like FastAPI's strict content type: a body not sent as JSON is not parsed
                body = (
                    route.body.model_validate_json(raw)
                    if _is_json(request.headers.get("content-type"))
                    else route.body.model_validate(raw)
                )
            except ValidationError as exc:
                error = _body_error(exc, raw)
                # FastAPI's order: a JSON syntax error, then the caller's permission, then fields
                if isinstance(error, RequestValidationError) and (
                    error.errors()[0]["type"] != "json_invalid"
                ):
                    await route.principal(request)
                raise error from None
            principal = await route.principal(request)
            response = await route.endpoint(request, body, principal)
        except Exception as exc:
            response = await _problem(request, exc)
        await response(scope, receive, send)


def _pattern(path: str) -> re.Pattern[str]:
    """`/a/{name}/b` as a pattern matching one segment for each `{name}`."""
    parts = re.split(r"\{(\w+)\}", path)
    return re.compile(
        "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)" for i, p in enumerate(parts))
    )


def path_uuid(request: Request, name: str) -> uuid.UUID:
    """A `{name}` segment as a UUID, or the 422 FastAPI answers for it."""
    value = request.path_params[name]
    try:
        return uuid.UUID(value)
    except ValueError:
        error = {
            "type": "uuid_parsing",
            "loc": ("path", name),
            "msg": "Input should be a valid UUID",
            "input": value,
        }
        raise RequestValidationError([error]) from None


def _body_error(exc: ValidationError, raw: bytes) -> RequestValidationError | HTTPException:
    """The error FastAPI reports for the same body: fields under "body" (`body.temperature`), an
    empty body as a missing one, a JSON syntax error at its position (`body.12`), and a body the
    standard library cannot parse at all (nested past its recursion limit) as a 400."""
    if not raw:
        missing = {"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}
        return RequestValidationError([missing], body=raw)
    errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
    if errors[0]["type"] == "json_invalid":
        try:
            json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            position = err.pos if isinstance(err, json.JSONDecodeError) else err.start
            errors = [
                {
                    "type": "json_invalid",
                    "loc": ("body", position),
                    "msg": "JSON decode error",
                    "input": {},
                    "ctx": {"error": str(err)},
                }
            ]
        except RecursionError:
            return HTTPException(400, "There was an error parsing the body")
    return RequestValidationError(errors, body=raw)


def _is_json(content_type: str | None) -> bool:
    media = (content_type or "").partition(";")[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


async def _problem(request: Request, exc: Exception) -> Response:
    """The answer of the app's own exception handler for `exc` (its `Exception` handler, which
    logs, at the latest)."""
    handlers = request.app.exception_handlers
    handler = next((handlers[c] for c in type(exc).__mro__ if c in handlers), None)
    if handler is None:
        raise exc
    response = handler(request, exc)
    if inspect.isawaitable(response):
        response = await response
    assert isinstance(response, Response)
    return response
