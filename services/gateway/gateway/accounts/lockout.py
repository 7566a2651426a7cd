"""Slowing password guessing without handing an attacker a way to lock anyone out.

Failures count per username and source address: five wrong passwords from one address lock that
username for that address only, for 15 minutes, then 30, 60… (at most a day) while the guessing
goes on; the owner signing in from elsewhere is not affected. Unknown usernames are counted and
locked exactly like known ones, so neither the 401 nor the 423 tells whether a name exists. An
admin signing in from a trusted network (`GATEWAY_TRUSTED_NETWORKS`) is never locked out, so a
flood of wrong passwords cannot keep the people who could stop it from signing in. The address
is the connection's, as uvicorn reports it behind the proxies it trusts (`--forwarded-allow-ips`).
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.accounts.errors import AccountLocked
from gateway.accounts.models import SignInFailure, User
from gateway.config import GatewaySettings
from shouhu_common.identity import Role

LONGEST_LOCK = timedelta(days=1)
FORGIVEN_AFTER = timedelta(days=1)  # a day without failures and the backoff starts again


def trusted(settings: GatewaySettings, user: User | None, source: str) -> bool:
    if user is None or user.role != Role.admin or not settings.trusted_networks:
        return False
    try:
        address = ipaddress.ip_address(source)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(n, strict=False) for n in settings.trusted_networks)


async def check(session: AsyncSession, username: str, source: str, now: datetime) -> None:
    row = await session.get(SignInFailure, (username.lower(), source))
    if row is not None and row.locked_until is not None and row.locked_until > now:
        raise AccountLocked(f"try again after {row.locked_until.isoformat(timespec='seconds')}")


async def record_failure(
    session: AsyncSession, settings: GatewaySettings, username: str, source: str, now: datetime
) -> None:
    key = (username.lower()[:64], source[:64])
    row = await session.get(SignInFailure, key)
    if row is None:
        row = SignInFailure(username=key[0], source=key[1], failures=0, lockouts=0)
        session.add(row)
    elif now - row.last_failure_at > FORGIVEN_AFTER:
        row.failures, row.lockouts = 0, 0
    row.failures += 1
    row.last_failure_at = now
    if row.failures >= settings.lockout_failures:
        lock = timedelta(minutes=settings.lockout_minutes) * 2**row.lockouts
        row.locked_until = now + min(lock, LONGEST_LOCK)
        row.lockouts += 1
        row.failures = 0


async def clear(session: AsyncSession, username: str, source: str | None = None) -> None:
    """After a good sign-in from `source`; without a source (an admin's unlock), everywhere."""
    query = delete(SignInFailure).where(SignInFailure.username == username.lower())
    if source is not None:
        query = query.where(SignInFailure.source == source)
    await session.execute(query)
