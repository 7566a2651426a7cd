"""The one published OpenAPI document: the gateway's own routes plus each service's public routes,
as the public sees them (through the gateway, with its credentials)."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from gateway.clients.base import UpstreamClient
from gateway.routing import OPEN_ROUTES, owner_of
from shouhu_common.identity import Role
from shouhu_common.openapi_errors import describe_errors
from shouhu_common.permissions import ROLE_PERMISSIONS, Permission
from shouhu_common.problems import PROBLEM_JSON

DESCRIPTION = """\
Shouhu (守护) public API. Staff sign in at `/api/v1/auth/token` (OAuth2 password form) and send
`Authorization: Bearer <token>`. Partners (supermarkets, pharmacies) send `X-API-Key`. Residents
exchange their household access code at `/api/v1/auth/resident-token`.

Errors are `application/problem+json` (RFC 9457) with a stable `type`; titles follow
`Accept-Language` (zh-CN by default, `en`).
"""

SECURITY_SCHEMES = {
    "StaffOrResident": {
        "type": "oauth2",
        "flows": {"password": {"tokenUrl": "/api/v1/auth/token", "scopes": {}}},
    },
    "PartnerKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
}
OPEN_OPERATIONS = {
    ("/api/v1/auth/token", "post"),
    ("/api/v1/auth/refresh", "post"),
    ("/api/v1/auth/resident-token", "post"),
    *((path, method.lower()) for method, path in OPEN_ROUTES),
}


def _secure(path: str, method: str, operation: dict[str, Any]) -> None:
    """The roles that may call the operation (`x-roles`, from the permissions its dependency
    asks), and the credentials they use: a partner's key only where partners may call it."""
    if (path, method) in OPEN_OPERATIONS:
        operation["security"] = []
        return
    permissions = [Permission(p) for p in operation.get("x-permissions", [])]
    roles = [
        role
        for role in Role
        if not permissions or any(role in ROLE_PERMISSIONS[p] for p in permissions)
    ]
    operation["x-roles"] = [r.value for r in roles]
    security: list[dict[str, list[str]]] = []
    if any(r != Role.partner for r in roles):
        security.append({"StaffOrResident": []})
    if Role.partner in roles:
        security.append({"PartnerKey": []})
    operation["security"] = security
    if owner_of(path) is not None:  # forwarded: the service may be down or too slow
        for status, text in (("503", "A service is unavailable"), ("504", "A service timed out")):
            operation["responses"].setdefault(status, {"description": text})
            operation["responses"][status]["content"] = {
                PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}
            }


async def build_public_openapi(app: FastAPI, upstreams: list[UpstreamClient]) -> dict[str, Any]:
    """Returns the merged document; `x-incomplete` lists services that could not be read."""
    document = get_openapi(
        title="Shouhu 守护 API", version="0.1.0", description=DESCRIPTION, routes=app.routes
    )
    document["paths"] = {p: ops for p, ops in document["paths"].items() if p.startswith("/api/v1/")}
    describe_errors(app, document, OPEN_OPERATIONS)
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    missing: list[str] = []
    results = await asyncio.gather(*(u.openapi() for u in upstreams), return_exceptions=True)
    for upstream, result in zip(upstreams, results, strict=True):
        if isinstance(result, BaseException):
            missing.append(upstream.name)
            continue
        for path, operations in result.get("paths", {}).items():
            if owner_of(path) == upstream.name:
                document["paths"][path] = copy.deepcopy(operations)
        for name, schema in result.get("components", {}).get("schemas", {}).items():
            schemas.setdefault(name, schema)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            _secure(path, method, operation)
    components["securitySchemes"] = SECURITY_SCHEMES
    if missing:
        document["x-incomplete"] = missing
    return document
