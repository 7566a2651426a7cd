"""Pure ASGI middleware shared by all apps: request id, access log, body size limit, identity.

Pure ASGI (not `BaseHTTPMiddleware`) because it sits on the gate's hot path.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Callable, Iterable, Mapping

import orjson
import structlog
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shouhu_common.identity import INTERNAL_HEADER, InternalTokenVerifier, InvalidIdentity
from shouhu_common.problems import PROBLEM_JSON, TYPE_BASE, prefers_english

REQUEST_ID_HEADER = b"x-request-id"
BODY_STALL_S = 30.0
log = structlog.get_logger("shouhu.access")


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def send_problem(
    scope: Scope,
    send: Send,
    status: int,
    slug: str,
    title_zh: str,
    title_en: str,
    detail: str,
    headers: Mapping[str, str] | None = None,
) -> None:
    english = prefers_english(header(scope, b"accept-language"))
    body = orjson.dumps(
        {
            "type": TYPE_BASE + slug,
            "title": title_en if english else title_zh,
            "status": status,
            "detail": detail,
            "instance": scope.get("path"),
            "request_id": scope.get("state", {}).get("request_id"),
        }
    )
    raw = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    if status == 401:
        raw.append((b"www-authenticate", b"Bearer"))
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def path_prefixes(patterns: Iterable[str]) -> Callable[[str], bool]:
    """Whether a path starts with one of `patterns`, in which `*` stands for one path segment
    (`/api/v1/imports/`, `/api/v1/testing-rounds/*/results:import`)."""
    compiled = [re.escape(p).replace(r"\*", "[^/]+") for p in patterns]
    if not compiled:
        return lambda _path: False
    matcher = re.compile("|".join(compiled))
    return lambda path: matcher.match(path) is not None


class RequestContextMiddleware:
    """Request id (passed through or created), an access log line, and a body size cap."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        access_log: bool = True,
        max_body_bytes: int = 1 << 20,
        upload_paths: Iterable[str] = (),
        max_upload_bytes: int = 32 << 20,
    ):
        """`upload_paths` (path prefixes, `*` for one segment: see `path_prefixes`) get the
        larger `max_upload_bytes` cap; every other route keeps `max_body_bytes`, so only
        spreadsheet imports can send big bodies."""
        self.app = app
        self.access_log = access_log
        self.max_body = max_body_bytes
        self.is_upload = path_prefixes(upload_paths)
        self.max_upload = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = header(scope, REQUEST_ID_HEADER) or uuid.uuid4().hex
        if len(request_id) > 128:
            request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status_holder = [500]
        rid = request_id.encode()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder[0] = message["status"]
                headers = [h for h in message.get("headers", []) if h[0] != REQUEST_ID_HEADER]
                headers.append((REQUEST_ID_HEADER, rid))
                message["headers"] = headers
            await send(message)

        length = header(scope, b"content-length")
        limit = self.max_upload if self.is_upload(scope["path"]) else self.max_body
        try:
            if length is not None and length.isdigit() and int(length) > limit:
                await send_problem(
                    scope,
                    send_with_id,
                    413,
                    "payload-too-large",
                    "请求内容过大",
                    "Request body too large",
                    f"the limit is {limit} bytes",
                )
                return
            await self.app(scope, self._limited(receive, limit), send_with_id)
        finally:
            if self.access_log:
                log.info(
                    "request",
                    method=scope["method"],
                    path=scope["path"],
                    status=status_holder[0],
                    ms=round((time.perf_counter() - started) * 1000, 2),
                )
            structlog.contextvars.unbind_contextvars("request_id")

    def _limited(self, receive: Receive, limit: int) -> Receive:
        """The body as it arrives: past `limit` a 413, and a client that stops sending for
        `BODY_STALL_S` a 408 (a slow client would otherwise hold the request open for ever).
        HTTPException, not a problem class: FastAPI turns anything else raised while it reads a
        body into a 400."""
        seen = 0

        async def wrapped() -> Message:
            nonlocal seen
            try:
                message = await asyncio.wait_for(receive(), BODY_STALL_S)
            except TimeoutError:
                raise HTTPException(408, f"no body data for {BODY_STALL_S:.0f} s") from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, f"the limit is {limit} bytes")
            return message

        return wrapped


class InternalIdentityMiddleware:
    """Services only: every request but the open paths must carry the gateway-signed identity."""

    def __init__(
        self, app: ASGIApp, *, verifier: InternalTokenVerifier, open_paths: Iterable[str]
    ) -> None:
        self.app = app
        self.verifier = verifier
        self.open_paths = frozenset(open_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.open_paths:
            await self.app(scope, receive, send)
            return
        token = header(scope, INTERNAL_HEADER.encode())
        if not token:
            await send_problem(
                scope,
                send,
                401,
                "not-authenticated",
                "未登录或凭证无效",
                "Not authenticated",
                "requests must come through the gateway",
            )
            return
        try:
            principal = self.verifier.verify(token)
        except InvalidIdentity:
            await send_problem(
                scope,
                send,
                401,
                "not-authenticated",
                "未登录或凭证无效",
                "Not authenticated",
                "the internal identity token is invalid or expired",
            )
            return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)
