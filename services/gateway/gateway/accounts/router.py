"""Staff sign-in (OAuth2 password flow), refresh, sign-out, who-am-I, and user administration."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.accounts import administration, service
from gateway.accounts.errors import (
    AccountLocked,
    BadCredentials,
    NotAStaffRole,
    NotYourself,
    UsernameTaken,
    UserNotFound,
)
from gateway.accounts.schemas import (
    AccountName,
    LogoutRequest,
    MeRead,
    RefreshRequest,
    TokenRead,
    UserCreate,
    UserRead,
    UserUpdate,
)
from gateway.authn import client_ip
from gateway.config import GatewaySettings
from gateway.database import get_session
from gateway.dependencies import authenticated, get_limiter, get_settings, require
from gateway.ratelimit import RateLimiter
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import NotAuthenticated, RateLimited, problem_responses

router = APIRouter(tags=["auth"])


@router.post(
    "/token",
    response_model=TokenRead,
    responses=problem_responses(BadCredentials, AccountLocked, RateLimited),
    summary="Sign in with username and password (OAuth2 password form)",
    description="Returns a bearer access token (15 minutes) and a one-use refresh token. Five "
    "wrong passwords for a username from one address lock it for that address (423) for 15 "
    "minutes, doubling while it goes on; unknown usernames are answered alike. Admins signing in "
    "from `GATEWAY_TRUSTED_NETWORKS` are never locked out.",
)
async def sign_in(
    request: Request,
    form: OAuth2PasswordRequestForm = Depends(),
    session: AsyncSession = Depends(get_session),
    settings: GatewaySettings = Depends(get_settings),
    limiter: RateLimiter = Depends(get_limiter),
) -> object:
    await limiter.hit(settings.login_rate_per_ip, "login-ip", client_ip(request))
    await limiter.hit(settings.login_rate_per_account, "login-user", form.username.lower())
    return await service.sign_in(
        session, settings, form.username, form.password, client_ip(request)
    )


@router.post(
    "/refresh",
    response_model=TokenRead,
    responses=problem_responses(NotAuthenticated, RateLimited),
    summary="Exchange a refresh token for new tokens (the old refresh token stops working)",
)
async def refresh_tokens(
    request: Request,
    body: RefreshRequest,
    session: AsyncSession = Depends(get_session),
    settings: GatewaySettings = Depends(get_settings),
    limiter: RateLimiter = Depends(get_limiter),
) -> object:
    await limiter.hit(settings.login_rate_per_ip, "refresh-ip", client_ip(request))
    return await service.refresh(session, settings, body.refresh_token)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(NotAuthenticated),
    summary="Sign out: revoke this access token and, if given, its refresh token",
)
async def sign_out(
    request: Request,
    body: LogoutRequest | None = None,
    session: AsyncSession = Depends(get_session),
) -> None:
    authorization = request.headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise NotAuthenticated("sign-out needs the bearer token to revoke")
    principal, jti = await request.app.state.authenticator.from_bearer(token.strip())
    await service.sign_out(session, jti, principal.expires_at, body.refresh_token if body else None)
    await request.app.state.revocations.token(jti)


@router.get("/me", response_model=MeRead, summary="Who the credentials belong to")
async def who_am_i(principal: Principal = Depends(authenticated)) -> object:
    return MeRead(
        subject=principal.subject,
        role=principal.role,
        name=principal.name,
        community_ids=list(principal.community_ids),
        partner_id=principal.partner_id,
        household_id=principal.household_id,
    )


@router.post(
    "/users",
    response_model=UserRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(UsernameTaken, NotAStaffRole),
    summary="Create a staff account (admin)",
)
async def create_user(
    body: UserCreate,
    _: Principal = Depends(require(Permission.accounts_manage)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.create_user(session, body)


@router.get("/users", response_model=list[UserRead], summary="Staff accounts (admin)")
async def list_users(
    _: Principal = Depends(require(Permission.accounts_manage)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_users(session)


@router.get(
    "/grid-workers",
    response_model=list[AccountName],
    summary="Grid-worker accounts by name (staff): who the grid assignments' subjects are",
)
async def grid_worker_names(
    community_id: uuid.UUID | None = Query(None, description="Default: all of yours."),
    principal: Principal = Depends(require(Permission.households_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.grid_worker_names(session, principal, community_id)


can_manage = require(Permission.accounts_manage)
ADMIN_ERRORS = problem_responses(UserNotFound, NotYourself)


@router.patch(
    "/users/{user_id}",
    response_model=UserRead,
    responses=problem_responses(UserNotFound, NotYourself, NotAStaffRole),
    summary="Change an account: name, role, communities or password (admin)",
    description="Only the fields sent change. A new password, role or set of communities ends "
    "every session of the account (its tokens stop working; it signs in again).",
)
async def update_user(
    request: Request,
    user_id: uuid.UUID,
    body: UserUpdate,
    admin: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    revocations = request.app.state.revocations
    return await administration.update_user(session, revocations, admin, user_id, body)


@router.post(
    "/users/{user_id}/disable",
    response_model=UserRead,
    responses=ADMIN_ERRORS,
    summary="Disable an account and end its sessions at once (admin): a lost phone",
)
async def disable_user(
    request: Request,
    user_id: uuid.UUID,
    admin: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    revocations = request.app.state.revocations
    return await administration.set_active(session, revocations, admin, user_id, False)


@router.post(
    "/users/{user_id}/enable",
    response_model=UserRead,
    responses=ADMIN_ERRORS,
    summary="Enable a disabled account (admin); it signs in again",
)
async def enable_user(
    request: Request,
    user_id: uuid.UUID,
    admin: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    revocations = request.app.state.revocations
    return await administration.set_active(session, revocations, admin, user_id, True)


@router.post(
    "/users/{user_id}/unlock",
    response_model=UserRead,
    responses=ADMIN_ERRORS,
    summary="Lift an account's sign-in lockouts from every address (admin)",
)
async def unlock_user(
    user_id: uuid.UUID,
    _: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await administration.unlock(session, user_id)


@router.post(
    "/users/{user_id}/sign-out-everywhere",
    response_model=UserRead,
    responses=ADMIN_ERRORS,
    summary="End every session of an account (admin); it may sign in again",
)
async def sign_out_everywhere(
    request: Request,
    user_id: uuid.UUID,
    _: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    revocations = request.app.state.revocations
    return await administration.sign_out_everywhere(session, revocations, user_id)
