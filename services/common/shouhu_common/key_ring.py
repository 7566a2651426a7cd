"""A key ring for data sealed at rest: one current secret that seals, previous secrets that only
open, so a secret can be replaced without making anything unreadable.

A sealed blob is `KEY_MARK`, the sealing secret's id (4 bytes derived from the secret, so it
cannot be mislabelled), a nonce and the AES-GCM ciphertext; mark and id are authenticated with
the caller's context. Blobs sealed before the ring have no mark and id; they are opened with
whichever secret of the ring opens them (AES-GCM tells a wrong one apart). Personal data
(`pii.py`) and the pass-signing keys (`registry/access/passes/keys.py`) use it, each with its own
key derivation labels.
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


def derive(secret: str, purpose: bytes) -> bytes:
    return hmac.new(secret.encode(), purpose, hashlib.sha256).digest()


class KeyRing:
    def __init__(
        self, secret: str, previous: Iterable[str], *, id_label: bytes, key_label: bytes, name: str
    ) -> None:
        """`id_label` and `key_label` derive a secret's id and its AES key; `name` says in errors
        which ring it is."""
        self._id_label, self._key_label, self._name = id_label, key_label, name
        self.prefix = KEY_MARK + self._id(secret)
        self._current = AESGCM(derive(secret, key_label))
        self._keys: dict[bytes, AESGCM] = {self._id(secret): self._current}
        for old in previous:
            if self._id(old) in self._keys:
                raise ValueError(f"the same {name} is given twice")
            self._keys[self._id(old)] = AESGCM(derive(old, key_label))

    def _id(self, secret: str) -> bytes:
        return derive(secret, self._id_label)[:KEY_ID_BYTES]

    def seal(self, plaintext: bytes, context: bytes = b"") -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return self.prefix + nonce + self._current.encrypt(nonce, plaintext, self.prefix + context)

    def open(self, blob: bytes, context: bytes = b"") -> bytes:
        """Raises `InvalidTag` when no secret of the ring sealed it (with this context)."""
        prefix = blob[:PREFIX_BYTES]
        if prefix[:1] == KEY_MARK and (aead := self._keys.get(prefix[1:])) is not None:
            body = blob[PREFIX_BYTES:]
            try:
                return aead.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], prefix + context)
            except InvalidTag:
                pass  # an unmarked blob whose random nonce happens to look like a mark
        for aead in self._keys.values():  # unmarked: sealed before the ring, by one of these
            try:
                return aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context)
            except InvalidTag:
                continue
        raise InvalidTag(f"no {self._name} of the ring opens this")

    def is_current(self, blob: bytes) -> bool:
        """Sealed under the current secret (else a rotation seals it again)."""
        return blob.startswith(self.prefix)
