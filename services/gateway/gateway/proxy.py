"""Forwarding `/api/v1/...` to the owning service through the upstream clients (httpx).

Production requests take the faster pure-ASGI path in `fast_proxy.py` first; this route serves
them when the upstreams are injected transports (tests), and answers unrouted paths (404/405).
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
from gateway.fast_proxy import NOT_RETURNED, outgoing_headers
from gateway.routing import LONG_REQUEST_PATHS, owner_of
from shouhu_common.problems import NotFound


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

    headers = outgoing_headers(request, principal, client.signer)
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
