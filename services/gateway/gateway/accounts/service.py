"""Staff sign-in, refresh, sign-out and account administration."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from gateway.accounts import lockout, repository
from gateway.accounts.errors import BadCredentials, NotAStaffRole, UsernameTaken
from gateway.accounts.models import RefreshToken, User
from gateway.accounts.schemas import AccountName, TokenRead, UserCreate
from gateway.config import GatewaySettings
from gateway.security import (
    DUMMY_HASH,
    hash_password,
    issue_access_token,
    new_refresh_token,
    sha256_hex,
    verify_password,
)
from shouhu_common.identity import STAFF_ROLES, Principal, Role
from shouhu_common.problems import NotAuthenticated

USED_REFRESH_TOKEN = "the refresh token is invalid, used or expired"


def principal_of(user: User) -> Principal:
    return Principal(
        subject=f"user:{user.id}",
        role=Role(user.role),
        community_ids=tuple(uuid.UUID(c) for c in user.community_ids),
        name=user.display_name or user.username,
        username=user.username,
    )


async def _issue_tokens(
    session: AsyncSession, settings: GatewaySettings, user: User, now: datetime
) -> TokenRead:
    lifetime = settings.access_token_minutes * 60
    access = issue_access_token(
        settings.jwt_secret, principal_of(user), lifetime, str(user.token_version)
    )
    refresh = new_refresh_token()
    repository.add_refresh_token(
        session,
        RefreshToken(
            user_id=user.id,
            token_hash=sha256_hex(refresh),
            expires_at=now + timedelta(days=settings.refresh_token_days),
        ),
    )
    await session.commit()
    return TokenRead(
        access_token=access.token, expires_in=lifetime, refresh_token=refresh, role=Role(user.role)
    )


async def sign_in(
    session: AsyncSession,
    settings: GatewaySettings,
    username: str,
    password: str,
    source: str,
) -> TokenRead:
    """Wrong passwords lock the username for the source they come from (lockout.py); a known
    and an unknown username are answered alike, in the same time."""
    now = datetime.now(UTC)
    user = await repository.get_user_by_username(session, username)
    counted = not lockout.trusted(settings, user, source)
    if counted:
        await lockout.check(session, username, source, now)
    if user is None or not user.active:
        verify_password(password, DUMMY_HASH)
        good = False
    else:
        good = verify_password(password, user.password_hash)
    if user is None or not good:
        if counted:
            await lockout.record_failure(session, settings, username, source, now)
            await session.commit()
        raise BadCredentials()
    await lockout.clear(session, username, source)
    return await _issue_tokens(session, settings, user, now)


async def refresh(session: AsyncSession, settings: GatewaySettings, token: str) -> TokenRead:
    """Refresh tokens rotate: each is good for one use."""
    now = datetime.now(UTC)
    row = await repository.get_refresh_token(session, sha256_hex(token))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise NotAuthenticated(USED_REFRESH_TOKEN)
    user = await repository.get_user(session, row.user_id)
    if user is None or not user.active:
        raise NotAuthenticated("the account is disabled")
    if not await repository.revoke_refresh_token(session, row.token_hash, now):
        raise NotAuthenticated(USED_REFRESH_TOKEN)  # another request used it meanwhile
    return await _issue_tokens(session, settings, user, now)


async def sign_out(
    session: AsyncSession, jti: str, access_expires_at: float, refresh_token: str | None
) -> None:
    now = datetime.now(UTC)
    await repository.revoke_access_token(
        session, jti, datetime.fromtimestamp(access_expires_at, UTC)
    )
    if refresh_token:
        await repository.revoke_refresh_token(session, sha256_hex(refresh_token), now)
    await session.commit()


async def create_user(session: AsyncSession, data: UserCreate) -> User:
    if data.role not in STAFF_ROLES:
        raise NotAStaffRole("residents sign in with a household access code; partners with keys")
    if await repository.get_user_by_username(session, data.username):
        raise UsernameTaken()
    user = repository.add_user(
        session,
        User(
            username=data.username,
            display_name=data.display_name,
            role=data.role.value,
            password_hash=hash_password(data.password),
            community_ids=[str(c) for c in data.community_ids],
        ),
    )
    await session.commit()
    return user


async def list_users(session: AsyncSession) -> list[User]:
    return list(await repository.list_users(session))


async def grid_worker_names(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> list[AccountName]:
    """The active grid-worker accounts of the caller's communities (or of `community_id`), for
    the screens that show grid assignments by name instead of by account subject."""
    names = []
    for user in await repository.list_users(session):
        communities = [uuid.UUID(c) for c in user.community_ids]
        if user.role != Role.grid_worker or not user.active:
            continue
        if not any(principal.in_community(c) for c in communities):
            continue
        if community_id is not None and community_id not in communities:
            continue
        names.append(
            AccountName(
                subject=f"user:{user.id}", username=user.username, display_name=user.display_name
            )
        )
    return names
