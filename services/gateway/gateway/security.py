"""Credentials: Argon2 password hashes, the public access JWT, random keys and codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid
from dataclasses import dataclass

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
    return AccessToken(jwt.encode(claims, secret, algorithm=ALGORITHM), jti, now + lifetime_s)


def decode_access_token(secret: str, token: str) -> tuple[Principal, str, str]:
    """The principal, the token id and its generation; raises `jwt.PyJWTError` or `ValueError`."""
    claims = jwt.decode(
        token,
        secret,
        algorithms=[ALGORITHM],
        audience=AUDIENCE,
        issuer=ISSUER,
        options={"require": ["exp", "iat", "sub", "jti"]},
    )
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
