"""Personal data at rest: AES-GCM encryption, a keyed hash for exact lookup, and masking.

ID numbers and phones are stored as ciphertext plus an HMAC-SHA256 "blind index", so staff can find
a person by an exact number without the database ever holding it in clear.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12


def _derive(secret: str, purpose: bytes) -> bytes:
    return hmac.new(secret.encode(), purpose, hashlib.sha256).digest()


class PersonalDataCipher:
    def __init__(self, secret: str) -> None:
        self._aead = AESGCM(_derive(secret, b"shouhu/pii/encrypt/v1"))
        self._index_key = _derive(secret, b"shouhu/pii/index/v1")

    def encrypt(self, plaintext: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext.encode(), None)

    def decrypt(self, blob: bytes) -> str:
        return self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], None).decode()

    def blind_index(self, value: str) -> str:
        return hmac.new(self._index_key, value.upper().encode(), hashlib.sha256).hexdigest()


def mask_id_number(value: str) -> str:
    """`370602********1234`: region kept for the office, birth date hidden."""
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """`138****5678`."""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """`张*` / `欧阳**`: the family name stays so a courier can call out at the door."""
    if len(value) <= 1:
        return value
    return value[0] + "*" * (len(value) - 1)
