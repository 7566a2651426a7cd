"""FastAPI dependencies that read the principal the identity middleware verified."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request

from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission, allows
from shouhu_common.problems import Forbidden, NotAuthenticated


def current_principal(request: Request) -> Principal:
    principal = request.scope.get("state", {}).get("principal")
    if principal is None:
        raise NotAuthenticated("requests must come through the gateway")
    assert isinstance(principal, Principal)
    return principal


def require(*permissions: Permission) -> Callable[[Request], Awaitable[Principal]]:
    """Route dependency: the caller's role must hold one of `permissions` (see permissions.py).

    `async` although it awaits nothing: FastAPI runs a plain `def` dependency in its thread pool,
    a thread hop on every request of every route."""

    async def dependency(request: Request) -> Principal:
        principal = current_principal(request)
        if not any(allows(principal.role, p) for p in permissions):
            raise Forbidden(f"role '{principal.role}' may not do this")
        return principal

    dependency.permissions = permissions  # type: ignore[attr-defined]  # read by the route×role test
    return dependency
