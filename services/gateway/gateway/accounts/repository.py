from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.accounts.models import RefreshToken, RevokedAccessToken, User


async def get_user_by_username(session: AsyncSession, username: str) -> User | None:
    return (await session.scalars(select(User).where(User.username == username))).first()


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def list_users(session: AsyncSession) -> Sequence[User]:
    return (await session.scalars(select(User).order_by(User.username))).all()


def add_user(session: AsyncSession, user: User) -> User:
    session.add(user)
    return user


async def get_refresh_token(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    query = select(RefreshToken).where(RefreshToken.token_hash == token_hash)
    return (await session.scalars(query)).first()


def add_refresh_token(session: AsyncSession, token: RefreshToken) -> None:
    session.add(token)


async def revoke_refresh_token(session: AsyncSession, token_hash: str, at: datetime) -> bool:
    """False when it was revoked already (or is unknown): a conditional update, so that of two
    requests using one refresh token at once, on any replicas, only one finds it unused."""
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.token_hash == token_hash, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=at)
    )
    return bool(getattr(result, "rowcount", 0))


async def revoke_access_token(session: AsyncSession, jti: str, expires_at: datetime) -> None:
    if await session.get(RevokedAccessToken, jti) is None:
        session.add(RevokedAccessToken(jti=jti, expires_at=expires_at))
