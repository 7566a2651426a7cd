"""Authenticating callers: bearer JWTs (staff, residents) and partner API keys.

Each credential is verified once and then answered from a short cache (`cache_seconds`, less than
the token's own life), so the per-request cost on the hot path is a dictionary lookup. Verifying a
bearer token also checks its generation: a staff token names the account's token version (bumped
when the account is disabled, changes password, role or communities, or signs out everywhere), a
resident token the household access code it was signed in with (replaced when a new code is
issued). Those changes, sign-out and partner-key revocation drop the affected entries through
`revocations.Revocations`: at once on this replica and, with `GATEWAY_REDIS_URL` set, on every
other replica within milliseconds (a Redis pub/sub channel). An entry is kept 30 s; 2 s while
this replica is not subscribed to that channel and so may miss a revocation. Without Redis other
replicas follow within the 30 s.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

import jwt
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request

from gateway.access_codes.models import HouseholdAccessCode
from gateway.accounts.models import RevokedAccessToken, User
from gateway.partner_keys.models import PartnerKey
from gateway.ratelimit import RateLimiter
from gateway.security import (
    TokenSecrets,
    decode_access_token,
    digests_equal,
    partner_key_prefix,
    sha256_hex,
)
from shouhu_common.identity import Principal, Role
from shouhu_common.problems import NotAuthenticated

CACHE_SECONDS = 30.0
SHORT_CACHE_SECONDS = 2.0  # while revocations from other replicas may be missed
CACHE_MAX = 50_000


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def current_generation(session: AsyncSession, subject: str) -> str | None:
    """The generation a token of `subject` must carry now; None: no token of it may work."""
    kind, _, ident = subject.partition(":")
    try:
        key = uuid.UUID(ident)
    except ValueError:
        return None
    if kind == "user":
        user = await session.get(User, key)
        return str(user.token_version) if user is not None and user.active else None
    if kind == "household":
        live = select(HouseholdAccessCode.id).where(
            HouseholdAccessCode.household_id == key, HouseholdAccessCode.revoked_at.is_(None)
        )
        code_id = (await session.scalars(live)).first()
        return str(code_id) if code_id is not None else None
    return None


class Authenticator:
    def __init__(
        self,
        token_secrets: TokenSecrets,
        sessionmaker: async_sessionmaker[AsyncSession],
        limiter: RateLimiter,
        failed_key_rate: str,
    ) -> None:
        self.token_secrets = token_secrets
        self.sessionmaker = sessionmaker
        self.limiter = limiter
        self.failed_key_rate = failed_key_rate
        self.cache_seconds = CACHE_SECONDS
        self._tokens: dict[str, tuple[Principal, str, float]] = {}
        self._keys: dict[str, tuple[Principal, float]] = {}
        # Bumped by every forget: a verification that read the database before a revocation
        # was applied here must not cache what it read.
        self._epoch = 0

    async def authenticate(self, request: Request) -> Principal:
        authorization = request.headers.get("authorization")
        if authorization:
            scheme, _, token = authorization.partition(" ")
            if scheme.lower() != "bearer" or not token:
                raise NotAuthenticated("use 'Authorization: Bearer <token>'")
            principal, _ = await self.from_bearer(token.strip())
            return principal
        api_key = request.headers.get("x-api-key")
        if api_key:
            return await self.from_partner_key(api_key.strip(), client_ip(request))
        raise NotAuthenticated("send a bearer token or an X-API-Key header")

    async def from_bearer(self, token: str) -> tuple[Principal, str]:
        now = time.time()
        cached = self._tokens.get(token)
        if cached is not None and cached[2] > now:
            return cached[0], cached[1]
        epoch = self._epoch
        try:
            principal, jti, generation = decode_access_token(self.token_secrets, token)
        except (jwt.PyJWTError, ValueError, KeyError) as exc:
            raise NotAuthenticated("the token is invalid or expired") from exc
        async with self.sessionmaker() as session:
            if await session.get(RevokedAccessToken, jti) is not None:
                raise NotAuthenticated("the token was revoked (signed out)")
            if await current_generation(session, principal.subject) != generation:
                raise NotAuthenticated(
                    "this session was ended: the account was disabled or changed, signed out "
                    "everywhere, or the household's access code was replaced"
                )
        if epoch != self._epoch:
            return principal, jti
        if len(self._tokens) > CACHE_MAX:
            self._tokens = {t: v for t, v in self._tokens.items() if v[2] > now}
        expires = min(principal.expires_at, now + self.cache_seconds)
        self._tokens[token] = (principal, jti, expires)
        return principal, jti

    def forget_token_id(self, jti: str) -> None:
        self._epoch += 1
        self._tokens = {t: v for t, v in self._tokens.items() if v[1] != jti}

    def forget_subject(self, subject: str) -> None:
        """Every cached credential of `subject` (`user:…`, `household:…`, `partner-key:…`) is
        verified again on its next use."""
        self._epoch += 1
        self._tokens = {t: v for t, v in self._tokens.items() if v[0].subject != subject}
        self._keys = {d: v for d, v in self._keys.items() if v[0].subject != subject}

    def forget_all(self) -> None:
        self._epoch += 1
        self._tokens = {}
        self._keys = {}

    async def from_partner_key(self, key: str, ip: str) -> Principal:
        now = time.time()
        digest = sha256_hex(key)
        cached = self._keys.get(digest)
        if cached is not None and cached[1] > now:
            return cached[0]
        prefix = partner_key_prefix(key)
        epoch = self._epoch
        row = None
        if prefix is not None:
            async with self.sessionmaker() as session:
                row = (
                    await session.scalars(select(PartnerKey).where(PartnerKey.prefix == prefix))
                ).first()
                if (
                    row is not None
                    and row.revoked_at is None
                    and digests_equal(row.key_hash, digest)
                ):
                    await session.execute(
                        update(PartnerKey)
                        .where(PartnerKey.id == row.id)
                        .values(last_used_at=datetime.now(UTC))
                    )
                    await session.commit()
                else:
                    row = None
        if row is None:
            await self.limiter.hit(self.failed_key_rate, "bad-key", ip)
            raise NotAuthenticated("unknown or revoked API key")
        principal = Principal(
            subject=f"partner-key:{row.id}",
            role=Role.partner,
            community_ids=(row.community_id,),
            partner_id=row.partner_id,
            partner_kind=row.partner_kind,
            name=row.partner_name,
        )
        if epoch == self._epoch:
            self._keys[digest] = (principal, now + self.cache_seconds)
        return principal
