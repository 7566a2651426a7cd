"""Rotating the pass-key secret: seal every community's pass-signing key again under the current
`REGISTRY_PASS_KEY_SECRET`.

The key pairs do not change, only how their private halves are sealed, so every pass printed keeps
verifying and the published public keys stay as they are. Run with the registry already restarted
on the new secret and the old one in `REGISTRY_PASS_KEY_PREVIOUS_SECRETS`: it opens keys with
both and seals with the new one, so it keeps issuing passes while this runs. Each batch is one
transaction, and a key is replaced only if it still holds what was read, so it is always sealed
under a secret the registry holds. Keys already under the current secret are skipped: an
interrupted rotation is finished by running it again.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry.access.passes import repository
from registry.access.passes.keys import KeySealer

Progress = Callable[[int, int], None]  # keys sealed again so far, keys to do


async def count_keys_under_previous_secrets(
    sessionmaker: async_sessionmaker[AsyncSession], sealer: KeySealer
) -> int:
    async with sessionmaker() as session:
        return await repository.count_keys_sealed_elsewhere(session, sealer.prefix)


async def reseal_keys(
    sessionmaker: async_sessionmaker[AsyncSession],
    sealer: KeySealer,
    *,
    batch_size: int = 100,
    progress: Progress | None = None,
) -> int:
    """Seals every key not under the current secret again under it; returns how many changed.
    Raises `InvalidTag` at a key that no configured secret opens (its batch is not written)."""
    to_do = await count_keys_under_previous_secrets(sessionmaker, sealer)
    changed = 0
    last_kid = 0
    while to_do:
        async with sessionmaker() as session:
            rows = await repository.keys_sealed_elsewhere(
                session, sealer.prefix, last_kid, batch_size
            )
            for kid, sealed in rows:
                resealed = sealer.seal(kid, sealer.open(kid, sealed))
                changed += await repository.replace_sealed_key(session, kid, sealed, resealed)
            await session.commit()
        if not rows:
            break
        last_kid = rows[-1][0]
        if progress is not None:
            progress(changed, to_do)
    return changed
