"""Pass-signing key material: P-256 key pairs, the private half sealed with the settings secret,
the public half published as an uncompressed point (WebCrypto imports it as `raw`)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_der_private_key,
)

NONCE_BYTES = 12
KID_MAX = 2**31 - 1  # fits PostgreSQL's integer and the token's uint32


class KeySealer:
    """AES-GCM with a key derived from `REGISTRY_PASS_KEY_SECRET`; the kid is bound as AAD, so a
    sealed key cannot be moved to another key row."""

    def __init__(self, secret: str) -> None:
        self._aead = AESGCM(
            hmac.new(secret.encode(), b"shouhu/pass-keys/v1", hashlib.sha256).digest()
        )

    def seal(self, kid: int, private_key: ec.EllipticCurvePrivateKey) -> bytes:
        der = private_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, der, str(kid).encode())

    def open(self, kid: int, sealed: bytes) -> ec.EllipticCurvePrivateKey:
        der = self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], str(kid).encode())
        key = load_der_private_key(der, password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key


def new_key_pair() -> tuple[int, ec.EllipticCurvePrivateKey, bytes]:
    """A random kid, the private key and its public point (65 bytes, uncompressed)."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    return secrets.randbelow(KID_MAX) + 1, private_key, public_point(private_key.public_key())


def public_point(public_key: ec.EllipticCurvePublicKey) -> bytes:
    return public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def load_public_point(point: bytes) -> ec.EllipticCurvePublicKey:
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
