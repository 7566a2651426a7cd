"""Credentials: Argon2 password hashes, the public access JWT, random keys and codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jwt
from pwdlib import PasswordHash

from shouhu_common.identity import Principal, Role

ISSUER = "shouhu"
AUDIENCE = "shouhu-api"
ALGORITHM = "HS256"  # only the gateway signs and reads these; the algorithm is pinned on decode

password_hasher = PasswordHash.recommended()
# Verifying against this keeps an unknown username as slow as a wrong password (no user oracle).
DUMMY_HASH = password_hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return password_hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return password_hasher.verify(password, password_hash)


def secret_kid(secret: str) -> str:
    """The `kid` header naming the secret a token was signed with: a fingerprint, not the secret."""
    return hashlib.sha256(secret.encode()).hexdigest()[:16]


class TokenSecrets:
    """The secret that signs access tokens and the previous ones still accepted, by `kid`: after
    `GATEWAY_JWT_SECRET` is replaced, tokens signed before keep working until they expire."""

    def __init__(self, current: str, previous: Sequence[str] = ()) -> None:
        self.current = current
        self._by_kid = {secret_kid(s): s for s in (current, *previous)}
        # Tokens from before key ids were signed with one of these, most likely the current one.
        self._unnamed = [current, *previous]

    def for_token(self, token: str) -> list[str]:
        """The secrets to verify `token` with; none when it names a secret not held here."""
        kid = jwt.get_unverified_header(token).get("kid")
        if kid is None:
            return self._unnamed
        secret = self._by_kid.get(str(kid))
        return [secret] if secret is not None else []


@dataclass(frozen=True, slots=True)
class AccessToken:
    token: str
    jti: str
    expires_at: float


def issue_access_token(
    secret: str, principal: Principal, lifetime_s: int, generation: str
) -> AccessToken:
    """`generation`: what must still hold for the token to work (see authn.current_generation)."""
    now = time.time()
    jti = uuid.uuid4().hex
    claims: dict[str, object] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": int(now),
        "exp": int(now + lifetime_s),
        "jti": jti,
        "sub": principal.subject,
        "role": principal.role.value,
        "com": [str(c) for c in principal.community_ids],
        "name": principal.name,
        "gen": generation,
    }
    if principal.household_id:
        claims["hid"] = str(principal.household_id)
    if principal.username:
        claims["usr"] = principal.username
    token = jwt.encode(claims, secret, algorithm=ALGORITHM, headers={"kid": secret_kid(secret)})
    return AccessToken(token, jti, now + lifetime_s)


def decode_access_token(keys: TokenSecrets, token: str) -> tuple[Principal, str, str]:
    """The principal, the token id and its generation; raises `jwt.PyJWTError` or `ValueError`."""
    claims = _verified_claims(keys, token)
    principal = Principal(
        subject=str(claims["sub"]),
        role=Role(claims["role"]),
        community_ids=tuple(uuid.UUID(c) for c in claims.get("com", [])),
        household_id=uuid.UUID(claims["hid"]) if claims.get("hid") else None,
        name=str(claims.get("name", "")),
        username=str(claims.get("usr", "")),
        expires_at=float(claims["exp"]),
    )
    return principal, str(claims["jti"]), str(claims.get("gen", ""))


def _verified_claims(keys: TokenSecrets, token: str) -> dict[str, Any]:
    candidates = keys.for_token(token)
    if not candidates:
        raise jwt.InvalidSignatureError("signed with a secret the gateway does not hold")
    for secret in candidates[:-1]:
        try:
            return _decode(secret, token)
        except jwt.InvalidSignatureError:
            continue
    return _decode(candidates[-1], token)


def _decode(secret: str, token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(
        token,
        secret,
        algorithms=[ALGORITHM],
        audience=AUDIENCE,
        issuer=ISSUER,
        options={"require": ["exp", "iat", "sub", "jti"]},
    )
    return claims


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


KEY_PREFIX = "shk"


def new_partner_key() -> tuple[str, str]:
    """Returns (full key, lookup prefix). Format: `shk_<prefix>_<secret>`."""
    prefix = secrets.token_hex(4)
    return f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}", prefix


def partner_key_prefix(key: str) -> str | None:
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or len(parts[1]) > 16:
        return None
    return parts[1]


def digests_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud at a door


def new_access_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_access_code(code: str) -> str:
    return code.strip().upper().replace(" ", "")


def access_code_digest(secret: str, code: str) -> str:
    return hmac.new(
        secret.encode(), normalize_access_code(code).encode(), hashlib.sha256
    ).hexdigest()
