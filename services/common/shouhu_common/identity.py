"""Who is calling: roles, the principal, and the short-lived internal identity token.

The gateway authenticates callers and signs an internal token (EdDSA / Ed25519) that it forwards in
`X-Internal-Identity`. Services hold only the public key, so a compromised service cannot mint an
identity for another. Tokens live 60 s; both sides cache them for their life so per-request work is
one dictionary lookup.

Key rotation: a token names its key in the `kid` header (a fingerprint of the public key), and a
service may hold several public keys, so it accepts the old and the new signing key while the
gateway switches (docs/deployment.md, "Rotating the internal identity key").
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pydantic import AfterValidator

INTERNAL_HEADER = "x-internal-identity"
ISSUER = "shouhu-gateway"
AUDIENCE = "shouhu-services"
TOKEN_LIFETIME_S = 60
DEV_KEY = "dev-only-internal-identity-key"


class Role(StrEnum):
    admin = "admin"
    staff = "staff"
    grid_worker = "grid_worker"
    gate_volunteer = "gate_volunteer"
    officer = "officer"
    resident = "resident"
    partner = "partner"


STAFF_ROLES = frozenset(
    {Role.admin, Role.staff, Role.grid_worker, Role.gate_volunteer, Role.officer}
)


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller as the services see it."""

    subject: str
    role: Role
    community_ids: tuple[uuid.UUID, ...] = ()
    partner_id: uuid.UUID | None = None
    # a partner's kind (supermarket, pharmacy, lab): a lab's key reaches only the lab routes
    partner_kind: str = ""
    household_id: uuid.UUID | None = None
    name: str = ""
    username: str = ""  # a staff account's login name (the roster links people by it)
    expires_at: float = field(default=0.0, compare=False)

    def cache_key(self) -> tuple[object, ...]:
        return (
            self.subject,
            self.role,
            self.community_ids,
            self.partner_id,
            self.partner_kind,
            self.household_id,
        )

    def in_community(self, community_id: uuid.UUID) -> bool:
        return self.role == Role.admin or community_id in self.community_ids


def private_key_from_setting(value: str) -> Ed25519PrivateKey:
    """`ed25519:<64 hex>` is a raw seed; any other string is hashed into one (make it long)."""
    if value.startswith("ed25519:"):
        seed = bytes.fromhex(value.removeprefix("ed25519:"))
    else:
        seed = hashlib.sha256(value.encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_hex(private: Ed25519PrivateKey) -> str:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def public_key_from_setting(value: str) -> Ed25519PublicKey:
    """A hex raw public key, or the development placeholder (the dev key pair's public half)."""
    if value.startswith(DEV_KEY) or "dev-only" in value:
        return private_key_from_setting(DEV_KEY).public_key()
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(value.removeprefix("ed25519:")))


def public_keys_from_setting(value: str) -> dict[str, Ed25519PublicKey]:
    """Comma-separated public keys (one, or the old and the new during a rotation), by key id."""
    keys: dict[str, Ed25519PublicKey] = {}
    for part in value.split(","):
        if part.strip():
            public = public_key_from_setting(part.strip())
            keys[key_id(public)] = public
    if not keys:
        raise ValueError("no internal identity public key is set")
    return keys


def _valid_public_keys(value: str) -> str:
    try:
        public_keys_from_setting(value)
    except ValueError as exc:  # bad hex, a wrong length: refused at start-up in one line
        raise ValueError(f"not Ed25519 public keys (hex, comma-separated): {exc}") from None
    return value


def _valid_signing_key(value: str) -> str:
    try:
        private_key_from_setting(value)
    except ValueError as exc:
        raise ValueError(f"not an Ed25519 key (ed25519:<64 hex> or a phrase): {exc}") from None
    return value


# Setting types: a malformed key ends the start with `shouhu: NAME: ...`, not a traceback later.
InternalPublicKeys = Annotated[str, AfterValidator(_valid_public_keys)]
InternalSigningKey = Annotated[str, AfterValidator(_valid_signing_key)]


def key_id(public: Ed25519PublicKey) -> str:
    """The `kid` of tokens signed by this key pair: not secret, derived from the public half."""
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


class InternalTokenSigner:
    """Gateway side: mints tokens and reuses each one for most of its life."""

    def __init__(self, signing_key: str, lifetime_s: int = TOKEN_LIFETIME_S) -> None:
        self._key = private_key_from_setting(signing_key)
        self._headers = {"kid": key_id(self._key.public_key())}
        self._lifetime = lifetime_s
        self._cache: dict[tuple[object, ...], tuple[str, float]] = {}

    def token_for(self, principal: Principal) -> str:
        now = time.time()
        key = principal.cache_key()
        cached = self._cache.get(key)
        if cached and cached[1] - now > self._lifetime / 4:
            return cached[0]
        exp = now + self._lifetime
        claims: dict[str, object] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": int(now),
            "exp": int(exp),
            "sub": principal.subject,
            "role": principal.role.value,
            "com": [str(c) for c in principal.community_ids],
            "name": principal.name,
        }
        if principal.username:
            claims["usr"] = principal.username
        if principal.partner_id:
            claims["pid"] = str(principal.partner_id)
        if principal.partner_kind:
            claims["pk"] = principal.partner_kind
        if principal.household_id:
            claims["hid"] = str(principal.household_id)
        token = jwt.encode(claims, self._key, algorithm="EdDSA", headers=self._headers)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[key] = (token, exp)
        return token


class InvalidIdentity(Exception):
    pass


class InternalTokenVerifier:
    """Service side: verifies the gateway's signature once per token, then answers from a cache.
    `public_keys` is one hex public key, or several comma-separated while the gateway's signing key
    is rotated: a token is checked against the key its `kid` names."""

    def __init__(self, public_keys: str) -> None:
        self._keys = public_keys_from_setting(public_keys)
        self._cache: dict[str, Principal] = {}

    def _keys_for(self, token: str) -> list[Ed25519PublicKey]:
        kid = jwt.get_unverified_header(token).get("kid")
        if kid is None:
            # From a gateway older than key ids, during an upgrade; its tokens live 60 s.
            return list(self._keys.values())
        key = self._keys.get(str(kid))
        if key is None:
            raise InvalidIdentity("signed by a key this service does not hold")
        return [key]

    def verify(self, token: str) -> Principal:
        now = time.time()
        cached = self._cache.get(token)
        if cached is not None and cached.expires_at > now:
            return cached
        try:
            claims = self._verified_claims(token)
            principal = Principal(
                subject=str(claims["sub"]),
                role=Role(claims["role"]),
                community_ids=tuple(uuid.UUID(c) for c in claims.get("com", [])),
                partner_id=uuid.UUID(claims["pid"]) if claims.get("pid") else None,
                partner_kind=str(claims.get("pk", "")),
                household_id=uuid.UUID(claims["hid"]) if claims.get("hid") else None,
                name=str(claims.get("name", "")),
                username=str(claims.get("usr", "")),
                expires_at=float(claims["exp"]),
            )
        except (jwt.PyJWTError, ValueError, KeyError) as exc:
            raise InvalidIdentity(str(exc)) from exc
        if len(self._cache) > 10_000:
            self._cache = {t: p for t, p in self._cache.items() if p.expires_at > now}
        self._cache[token] = principal
        return principal

    def _verified_claims(self, token: str) -> dict[str, Any]:
        keys = self._keys_for(token)
        for key in keys[:-1]:
            try:
                return self._decode(token, key)
            except jwt.InvalidSignatureError:
                continue
        return self._decode(token, keys[-1])

    @staticmethod
    def _decode(token: str, key: Ed25519PublicKey) -> dict[str, Any]:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=["EdDSA"],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
        return claims
