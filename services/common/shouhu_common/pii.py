"""Personal data at rest: AES-GCM encryption under a key ring, a keyed hash for exact lookup, and
masking.

ID numbers and phones are stored as ciphertext plus an HMAC-SHA256 "blind index", so staff can find
a person by an exact number without the database ever holding it in clear.

Key ring: a ciphertext starts with `KEY_MARK` and its key's id (4 bytes derived from the key), and
the id and mark are authenticated with it. Ciphertexts written before the ring have no id; they are
read with whichever key of the ring opens them (AES-GCM tells a wrong key apart), so a database
written under one key keeps working. New ciphertexts always use the current key; the retired keys
are only read, until `python -m registry.cli rotate-pii-key` has re-encrypted everything.

The blind index has a key of its own, which rotation never changes: the stored hashes stay valid
and lookups work throughout a rotation.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
KEY_MARK = b"\x01"
KEY_ID_BYTES = 4
PREFIX_BYTES = len(KEY_MARK) + KEY_ID_BYTES


def _derive(secret: str, purpose: bytes) -> bytes:
    return hmac.new(secret.encode(), purpose, hashlib.sha256).digest()


def key_id(secret: str) -> bytes:
    """A key's id in its ciphertexts: derived from the key, so it cannot be mislabelled."""
    return _derive(secret, b"shouhu/pii/key-id/v1")[:KEY_ID_BYTES]


class PersonalDataCipher:
    def __init__(
        self, secret: str, *, retired: Iterable[str] = (), index_secret: str | None = None
    ) -> None:
        """`secret` encrypts; `retired` keys are only read; the blind index is keyed by
        `index_secret`, by default `secret` (as before the ring: existing hashes stay valid)."""
        self.prefix = KEY_MARK + key_id(secret)
        self._current = AESGCM(_derive(secret, b"shouhu/pii/encrypt/v1"))
        self._keys: dict[bytes, AESGCM] = {key_id(secret): self._current}
        for old in retired:
            if key_id(old) in self._keys:
                raise ValueError("the same personal-data key is in the ring twice")
            self._keys[key_id(old)] = AESGCM(_derive(old, b"shouhu/pii/encrypt/v1"))
        self._index_key = _derive(index_secret or secret, b"shouhu/pii/index/v1")

    def encrypt(self, plaintext: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return self.prefix + nonce + self._current.encrypt(nonce, plaintext.encode(), self.prefix)

    def decrypt(self, blob: bytes) -> str:
        if blob[:1] == KEY_MARK and (aead := self._keys.get(blob[1:PREFIX_BYTES])) is not None:
            body = blob[PREFIX_BYTES:]
            try:
                clear = aead.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], blob[:PREFIX_BYTES])
                return clear.decode()
            except InvalidTag:
                pass  # an unmarked ciphertext whose random nonce happens to look like a mark
        for aead in self._keys.values():  # unmarked: written before the ring, by one of its keys
            try:
                return aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], None).decode()
            except InvalidTag:
                continue
        raise InvalidTag("no key of the personal-data key ring opens this ciphertext")

    def is_current(self, blob: bytes) -> bool:
        """Written under the current key (else rotation re-encrypts it)."""
        return blob.startswith(self.prefix)

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
