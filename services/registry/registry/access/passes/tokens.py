"""The compact signed pass token a QR code carries, verifiable offline with a public key alone.

Layout (version 1), 47 payload bytes then a 64-byte ECDSA P-256 / SHA-256 signature in the raw
r‖s form (IEEE P1363) that WebCrypto's `crypto.subtle.verify` accepts in every browser:

    0      1 byte   format version (1)
    1..4   uint32   key id (kid), big-endian
    5..20  16 bytes pass id (UUID)
    21..36 16 bytes household id (UUID)
    37..40 uint32   valid from, Unix seconds
    41..44 uint32   valid until, Unix seconds
    45..46 uint16   pass version (a reissue makes a new pass; the version guards the rest)

The 111 bytes are written in RFC 4648 base32 without padding (178 characters of A–Z and 2–7), which
QR encodes in alphanumeric mode: version 7 at error level M.
"""

from __future__ import annotations

import base64
import re
import struct
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

FORMAT_VERSION = 1
_LAYOUT = struct.Struct(">BI16s16sIIH")
PAYLOAD_BYTES = _LAYOUT.size  # 47
SIGNATURE_BYTES = 64
TOKEN_CHARS = 178
_TOKEN_TEXT = re.compile(f"[A-Z2-7]{{{TOKEN_CHARS}}}")
# RFC 4648's base32 alphabet onto int()'s base-32 digits: `base64.b32decode` is pure Python, and
# decoding a token by int() in C is ~20 times faster (a gate scans a token on every passage)
_AS_INT_DIGITS = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789abcdefghijklmnopqrstuv"
)
_ECDSA = ec.ECDSA(hashes.SHA256())


class MalformedToken(ValueError):
    """Not a pass token at all (wrong length, alphabet or format version)."""


@dataclass(frozen=True, slots=True)
class PassClaims:
    kid: int
    pass_id: uuid.UUID
    household_id: uuid.UUID
    valid_from: datetime
    valid_until: datetime
    pass_version: int


def _seconds(value: datetime) -> int:
    return int(value.astimezone(UTC).timestamp())


def encode_payload(claims: PassClaims) -> bytes:
    return _LAYOUT.pack(
        FORMAT_VERSION,
        claims.kid,
        claims.pass_id.bytes,
        claims.household_id.bytes,
        _seconds(claims.valid_from),
        _seconds(claims.valid_until),
        claims.pass_version,
    )


def sign_token(claims: PassClaims, private_key: ec.EllipticCurvePrivateKey) -> str:
    payload = encode_payload(claims)
    r, s = decode_dss_signature(private_key.sign(payload, _ECDSA))
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return base64.b32encode(payload + raw).decode("ascii").rstrip("=")


def split_token(token: str) -> tuple[PassClaims, bytes, bytes]:
    """Claims, signed payload and raw signature; raises `MalformedToken`."""
    text = token.strip().upper()
    if len(text) != TOKEN_CHARS:
        raise MalformedToken(f"a pass token has {TOKEN_CHARS} characters")
    if _TOKEN_TEXT.fullmatch(text) is None:
        raise MalformedToken("not base32")
    # 178 characters carry 890 bits: the 111 bytes and 2 bits of padding
    blob = (int(text.translate(_AS_INT_DIGITS), 32) >> 2).to_bytes(
        PAYLOAD_BYTES + SIGNATURE_BYTES, "big"
    )
    payload, signature = blob[:PAYLOAD_BYTES], blob[PAYLOAD_BYTES:]
    version, kid, pass_id, household_id, start, end, pass_version = _LAYOUT.unpack(payload)
    if version != FORMAT_VERSION:
        raise MalformedToken(f"unknown token format {version}")
    claims = PassClaims(
        kid=kid,
        pass_id=uuid.UUID(bytes=pass_id),
        household_id=uuid.UUID(bytes=household_id),
        valid_from=datetime.fromtimestamp(start, UTC),
        valid_until=datetime.fromtimestamp(end, UTC),
        pass_version=pass_version,
    )
    return claims, payload, signature


def signature_valid(
    public_key: ec.EllipticCurvePublicKey, payload: bytes, signature: bytes
) -> bool:
    if len(signature) != SIGNATURE_BYTES:
        return False
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    try:
        public_key.verify(der, payload, _ECDSA)
    except InvalidSignature:
        return False
    return True
