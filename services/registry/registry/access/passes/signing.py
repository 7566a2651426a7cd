"""The communities' signing keys as the registry uses them: created on first need, opened once per
process, rotated on request (the old key keeps verifying until its last pass expires)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.passes import repository
from registry.access.passes.keys import KeySealer, new_key_pair
from registry.access.passes.models import PassSigningKey


class PassSigner:
    def __init__(self, secret: str, previous_secrets: Sequence[str] = ()) -> None:
        self._sealer = KeySealer(secret, previous_secrets)
        self._opened: dict[int, ec.EllipticCurvePrivateKey] = {}

    async def current_key(
        self, session: AsyncSession, community_id: uuid.UUID
    ) -> tuple[int, ec.EllipticCurvePrivateKey]:
        """The community's signing key, made in the caller's transaction if it has none."""
        row = await repository.signing_key(session, community_id)
        if row is None:
            row = self.add_key(session, community_id)
            await session.flush()
        key = self._opened.get(row.kid)
        if key is None:
            key = self._sealer.open(row.kid, row.private_key_sealed)
            self._opened[row.kid] = key
        return row.kid, key

    def add_key(self, session: AsyncSession, community_id: uuid.UUID) -> PassSigningKey:
        kid, private_key, point = new_key_pair()
        row = PassSigningKey(
            kid=kid,
            community_id=community_id,
            public_key=point,
            private_key_sealed=self._sealer.seal(kid, private_key),
        )
        session.add(row)
        self._opened[kid] = private_key
        return row

    async def rotate(
        self, session: AsyncSession, community_id: uuid.UUID, now: datetime
    ) -> PassSigningKey:
        """Retires the current key (it verifies until its passes expire) and adds a new one."""
        old = await repository.signing_key(session, community_id)
        if old is not None:
            old.retired_at = now
            old.verify_until = await repository.last_expiry_signed_by(session, old.kid) or now
        row = self.add_key(session, community_id)
        await session.flush()
        return row
