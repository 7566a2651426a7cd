"""Pass-signing key material: P-256 key pairs, the private half sealed with the settings secret,
the public half published as an uncompressed point (WebCrypto imports it as `raw`).

The sealing secret is a key ring (`shouhu_common/key_ring.py`): a sealed key names the secret that
sealed it, keys sealed before the ring are opened with whichever configured secret opens them, and
only the current secret seals; previous secrets are only opened with, until
`python -m registry.cli rotate-pass-key-secret` has sealed every key again under the current one.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_der_private_key,
)

from shouhu_common.key_ring import KeyRing

KID_MAX = 2**31 - 1  # fits PostgreSQL's integer and the token's uint32


class KeySealer:
    """The private halves under `REGISTRY_PASS_KEY_SECRET`; the kid is bound to each as context,
    so a sealed key cannot be moved to another key row. `previous` secrets are only opened with."""

    def __init__(self, secret: str, previous: Iterable[str] = ()) -> None:
        self._ring = KeyRing(
            secret,
            previous,
            id_label=b"shouhu/pass-keys/secret-id/v1",
            key_label=b"shouhu/pass-keys/v1",
            name="pass-key secret",
        )
        self.prefix = self._ring.prefix

    def seal(self, kid: int, private_key: ec.EllipticCurvePrivateKey) -> bytes:
        der = private_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        return self._ring.seal(der, str(kid).encode())

    def open(self, kid: int, sealed: bytes) -> ec.EllipticCurvePrivateKey:
        """Raises `InvalidTag` when no configured secret sealed it."""
        key = load_der_private_key(self._ring.open(sealed, str(kid).encode()), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key

    def is_current(self, sealed: bytes) -> bool:
        """Sealed under the current secret (else rotate-pass-key-secret seals it again)."""
        return self._ring.is_current(sealed)


def new_key_pair() -> tuple[int, ec.EllipticCurvePrivateKey, bytes]:
    """A random kid, the private key and its public point (65 bytes, uncompressed)."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    return secrets.randbelow(KID_MAX) + 1, private_key, public_point(private_key.public_key())


def public_point(public_key: ec.EllipticCurvePublicKey) -> bytes:
    return public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def load_public_point(point: bytes) -> ec.EllipticCurvePublicKey:
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
