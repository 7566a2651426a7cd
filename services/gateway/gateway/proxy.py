"""Forwarding `/api/v1/...` to the owning service: the gateway's hot path.

Per request: authenticate (cached), pick the upstream by the first path segment, copy end-to-end
headers, add the signed identity, request id and `X-Forwarded-*`, send on the pooled client.
"""

from __future__ import annotations

from typing import NoReturn

import httpx
from fastapi import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match

from gateway.clients.base import UpstreamClient
from gateway.routing import LONG_REQUEST_PATHS, owner_of
from shouhu_common.identity import INTERNAL_HEADER
from shouhu_common.problems import NotFound

# RFC 9110 §7.6.1 hop-by-hop headers, plus credentials that must not reach the services.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "proxy-connection",
    }
)
NOT_FORWARDED = HOP_BY_HOP | {
    "host",
    "content-length",
    "authorization",
    "x-api-key",
    "cookie",
    INTERNAL_HEADER,
    "x-forwarded-for",
    "x-forwarded-proto",
    "x-forwarded-host",
}
NOT_RETURNED = HOP_BY_HOP | {"content-length", "content-encoding", "server", "date"}


class RouteNotFound(NotFound):
    slug = "route-not-found"
    title_zh, title_en = "接口不存在", "No such API route"


def _refuse_unrouted(request: Request) -> NoReturn:
    """A gateway route called with another method is 405 (the catch-all would make it 404)."""
    own_routes = [
        r for r in request.app.router.routes if getattr(r, "endpoint", None) is not forward
    ]
    allowed = [
        method
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
        if any(r.matches({**request.scope, "method": method})[0] == Match.FULL for r in own_routes)
    ]
    if allowed:
        raise HTTPException(405, headers={"Allow": ", ".join(allowed)})
    raise RouteNotFound(f"no API route at {request.url.path}")


async def forward(request: Request) -> Response:
    owner = owner_of(request.url.path)
    if owner is None:
        _refuse_unrouted(request)
    state = request.app.state
    principal = await state.authenticator.authenticate(request)
    client: UpstreamClient = state.registry if owner == "registry" else state.supplies

    headers = [(k, v) for k, v in request.headers.items() if k not in NOT_FORWARDED]
    forwarded_for = request.headers.get("x-forwarded-for")
    ip = request.client.host if request.client else ""
    headers += [
        (INTERNAL_HEADER, client.signer.token_for(principal)),
        ("x-request-id", request.scope["state"]["request_id"]),
        ("x-forwarded-for", f"{forwarded_for}, {ip}" if forwarded_for else ip),
        ("x-forwarded-proto", request.url.scheme),
        ("x-forwarded-host", request.headers.get("host", "")),
    ]
    path = request.url.path
    if request.url.query:
        path += "?" + request.url.query
    body = await request.body()
    outgoing = client.http.build_request(
        request.method, path, headers=headers, content=body or None
    )
    if request.url.path.startswith(LONG_REQUEST_PATHS):
        long_s = state.settings.long_request_timeout_s
        outgoing.extensions["timeout"] = httpx.Timeout(long_s, connect=5.0).as_dict()
    upstream = await client.send(outgoing)
    response_headers = {k: v for k, v in upstream.headers.items() if k.lower() not in NOT_RETURNED}
    return Response(upstream.content, upstream.status_code, headers=response_headers)
