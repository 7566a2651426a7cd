"""Gateway route dependencies: settings, session, the authenticated caller, role checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request

from gateway.authn import Authenticator
from gateway.config import GatewaySettings
from gateway.ratelimit import RateLimiter
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission, allows
from shouhu_common.problems import Forbidden


async def get_settings(request: Request) -> GatewaySettings:
    settings: GatewaySettings = request.app.state.settings
    return settings


async def get_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.limiter
    return limiter


def get_authenticator(request: Request) -> Authenticator:
    authenticator: Authenticator = request.app.state.authenticator
    return authenticator


async def authenticated(request: Request) -> Principal:
    principal: Principal = await request.app.state.authenticator.authenticate(request)
    return principal


def require(*permissions: Permission) -> Callable[[Request], Awaitable[Principal]]:
    async def dependency(request: Request) -> Principal:
        principal = await authenticated(request)
        if not any(allows(principal.role, p) for p in permissions):
            raise Forbidden(f"role '{principal.role}' may not do this")
        return principal

    dependency.permissions = permissions  # type: ignore[attr-defined]  # read by the route×role test
    return dependency
