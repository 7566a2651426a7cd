"""Personal data at rest: AES-GCM encryption under a key ring, a keyed hash for exact lookup, and
masking.

ID numbers and phones are stored as ciphertext plus an HMAC-SHA256 "blind index", so staff can find
a person by an exact number without the database ever holding it in clear.

Key ring (`key_ring.py`): a ciphertext names the key that wrote it, and ciphertexts from before
the ring are read with whichever key opens them, so a database written under one key keeps
working. New ciphertexts always use the current key; the retired keys are only read, until
`python -m registry.cli rotate-pii-key` has re-encrypted everything.

The blind index has a key of its own, which rotation never changes: the stored hashes stay valid
and lookups work throughout a rotation.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from shouhu_common.key_ring import KeyRing, derive


class PersonalDataCipher:
    def __init__(
        self, secret: str, *, retired: Iterable[str] = (), index_secret: str | None = None
    ) -> None:
        """`secret` encrypts; `retired` keys are only read; the blind index is keyed by
        `index_secret`, by default `secret` (as before the ring: existing hashes stay valid)."""
        self._ring = KeyRing(
            secret,
            retired,
            id_label=b"shouhu/pii/key-id/v1",
            key_label=b"shouhu/pii/encrypt/v1",
            name="personal-data key",
        )
        self.prefix = self._ring.prefix
        self._index_key = derive(index_secret or secret, b"shouhu/pii/index/v1")

    def encrypt(self, plaintext: str) -> bytes:
        return self._ring.seal(plaintext.encode())

    def decrypt(self, blob: bytes) -> str:
        """Raises `InvalidTag` when no key of the ring wrote it."""
        return self._ring.open(blob).decode()

    def is_current(self, blob: bytes) -> bool:
        """Written under the current key (else rotation re-encrypts it)."""
        return self._ring.is_current(blob)

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
