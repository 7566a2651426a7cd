"""An admin's hold on accounts: change one, disable and enable it, lift its lockouts, and end
its sessions everywhere. A lost volunteer phone is cut off with one call (`sign_out_everywhere`
or `disable`): every refresh token of the account is revoked and its token version bumped, so
its access tokens stop at once, on every replica (revocations.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.accounts import lockout, repository
from gateway.accounts.errors import NotAStaffRole, NotYourself, UserNotFound
from gateway.accounts.models import RefreshToken, User
from gateway.accounts.schemas import UserUpdate
from gateway.revocations import Revocations
from gateway.security import hash_password
from shouhu_common.identity import STAFF_ROLES, Principal


async def _user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await repository.get_user(session, user_id)
    if user is None:
        raise UserNotFound()
    return user


async def end_sessions(session: AsyncSession, user: User) -> None:
    """Revokes every refresh token of the account and outdates its access tokens (uncommitted)."""
    user.token_version += 1
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )


async def _done(
    session: AsyncSession, revocations: Revocations, user: User, *, ended: bool
) -> User:
    await session.commit()
    if ended:
        await revocations.subject(f"user:{user.id}")
    await session.refresh(user)
    return user


async def update_user(
    session: AsyncSession,
    revocations: Revocations,
    admin: Principal,
    user_id: uuid.UUID,
    changes: UserUpdate,
) -> User:
    """A new password, role or set of communities ends the account's sessions: what its tokens
    say (the role and communities in them) or what signed them in is no longer so."""
    user = await _user(session, user_id)
    if changes.role is not None and changes.role not in STAFF_ROLES:
        raise NotAStaffRole("residents sign in with a household access code; partners with keys")
    if changes.role is not None and admin.subject == f"user:{user.id}":
        raise NotYourself("an admin may not change their own role")
    ended = False
    if changes.display_name is not None:
        user.display_name = changes.display_name
    if changes.role is not None and changes.role.value != user.role:
        user.role, ended = changes.role.value, True
    communities = [str(c) for c in changes.community_ids or []]
    if changes.community_ids is not None and communities != user.community_ids:
        user.community_ids, ended = communities, True
    if changes.password is not None:
        user.password_hash, ended = hash_password(changes.password), True
    if ended:
        await end_sessions(session, user)
    return await _done(session, revocations, user, ended=ended)


async def set_active(
    session: AsyncSession,
    revocations: Revocations,
    admin: Principal,
    user_id: uuid.UUID,
    active: bool,
) -> User:
    user = await _user(session, user_id)
    if not active and admin.subject == f"user:{user.id}":
        raise NotYourself("an admin may not disable their own account")
    user.active = active
    if not active:
        await end_sessions(session, user)
    return await _done(session, revocations, user, ended=not active)


async def sign_out_everywhere(
    session: AsyncSession, revocations: Revocations, user_id: uuid.UUID
) -> User:
    user = await _user(session, user_id)
    await end_sessions(session, user)
    return await _done(session, revocations, user, ended=True)


async def unlock(session: AsyncSession, user_id: uuid.UUID) -> User:
    """Lifts the account's lockouts from every source."""
    user = await _user(session, user_id)
    await lockout.clear(session, user.username)
    await session.commit()
    return user
