"""Pass-signing key material: P-256 key pairs, the private half sealed with the settings secret,
the public half published as an uncompressed point (WebCrypto imports it as `raw`).

A sealed key starts with `SECRET_MARK` and an id of the secret that sealed it (4 bytes derived
from the secret), as personal data names its key. Keys sealed before secret ids have none; they
are opened with whichever configured secret opens them (AES-GCM tells a wrong one apart). Only the
current secret seals; previous secrets are only opened with, until
`python -m registry.cli rotate-pass-key-secret` has sealed every key again under the current one.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable

from cryptography.exceptions import InvalidTag
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
SECRET_MARK = b"\x01"
SECRET_ID_BYTES = 4
PREFIX_BYTES = len(SECRET_MARK) + SECRET_ID_BYTES
KID_MAX = 2**31 - 1  # fits PostgreSQL's integer and the token's uint32


def secret_id(secret: str) -> bytes:
    """A secret's id in the keys it seals: derived from the secret, so it cannot be mislabelled."""
    return hmac.new(secret.encode(), b"shouhu/pass-keys/secret-id/v1", hashlib.sha256).digest()[
        :SECRET_ID_BYTES
    ]


def _aead(secret: str) -> AESGCM:
    return AESGCM(hmac.new(secret.encode(), b"shouhu/pass-keys/v1", hashlib.sha256).digest())


class KeySealer:
    """AES-GCM with a key derived from `REGISTRY_PASS_KEY_SECRET`; the kid (and the secret's id) are
    bound as AAD, so a sealed key cannot be moved to another key row. `previous` secrets are only
    opened with."""

    def __init__(self, secret: str, previous: Iterable[str] = ()) -> None:
        self.prefix = SECRET_MARK + secret_id(secret)
        self._current = _aead(secret)
        self._aeads: dict[bytes, AESGCM] = {secret_id(secret): self._current}
        for old in previous:
            if secret_id(old) in self._aeads:
                raise ValueError("the same pass-key secret is given twice")
            self._aeads[secret_id(old)] = _aead(old)

    def seal(self, kid: int, private_key: ec.EllipticCurvePrivateKey) -> bytes:
        der = private_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        nonce = os.urandom(NONCE_BYTES)
        aad = self.prefix + str(kid).encode()
        return self.prefix + nonce + self._current.encrypt(nonce, der, aad)

    def open(self, kid: int, sealed: bytes) -> ec.EllipticCurvePrivateKey:
        """Raises `InvalidTag` when no configured secret sealed it."""
        key = load_der_private_key(self._open_der(str(kid).encode(), sealed), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key

    def _open_der(self, kid: bytes, sealed: bytes) -> bytes:
        prefix = sealed[:PREFIX_BYTES]
        aead = self._aeads.get(prefix[len(SECRET_MARK) :]) if prefix[:1] == SECRET_MARK else None
        if aead is not None:
            body = sealed[PREFIX_BYTES:]
            try:
                return aead.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], prefix + kid)
            except InvalidTag:
                pass  # an unmarked key whose random nonce happens to look like a mark
        for aead in self._aeads.values():  # unmarked: sealed before secret ids, by one of these
            try:
                return aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], kid)
            except InvalidTag:
                continue
        raise InvalidTag("no configured pass-key secret opens this key")

    def is_current(self, sealed: bytes) -> bool:
        """Sealed under the current secret (else rotate-pass-key-secret seals it again)."""
        return sealed.startswith(self.prefix)


def new_key_pair() -> tuple[int, ec.EllipticCurvePrivateKey, bytes]:
    """A random kid, the private key and its public point (65 bytes, uncompressed)."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    return secrets.randbelow(KID_MAX) + 1, private_key, public_point(private_key.public_key())


def public_point(public_key: ec.EllipticCurvePublicKey) -> bytes:
    return public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def load_public_point(point: bytes) -> ec.EllipticCurvePublicKey:
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
