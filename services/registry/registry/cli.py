"""Registry admin commands: `python -m registry.cli migrate|seed-demo|reset-demo`;
`rotate-pii-key [--batch-size N]`: re-encrypts stored personal data under the current
`REGISTRY_PII_KEY` (docs/deployment.md, "Rotating the personal-data key"); and
`rotate-pass-key-secret [--batch-size N]`: seals the pass-signing keys again under the current
`REGISTRY_PASS_KEY_SECRET` (docs/deployment.md, "Rotating the pass-key secret")."""

from __future__ import annotations

import argparse
import asyncio
import sys

from cryptography.exceptions import InvalidTag
from sqlalchemy.ext.asyncio import AsyncSession

from registry import demo, personal_data_keys
from registry.access.passes import key_resealing
from registry.access.passes.keys import KeySealer
from registry.config import RegistrySettings, get_settings
from registry.main import ALEMBIC_INI
from registry.models import Base
from shouhu_common.database import make_engine, make_sessionmaker
from shouhu_common.service_cli import service_main


async def _load(session: AsyncSession) -> str:
    people = await demo.load_demo(session, get_settings().personal_data_cipher())
    return f"demo community loaded ({people} people)"


def _progress(table: str, done: int, to_do: int) -> None:
    print(f"{table}: {done} of {to_do} rows re-encrypted", flush=True)


async def _rotate(settings: RegistrySettings, batch_size: int) -> int:
    cipher = settings.personal_data_cipher()
    engine = make_engine(settings.database_url)
    try:
        if not await personal_data_keys.index_key_matches(engine, cipher, Base.metadata):
            print(
                "shouhu: REGISTRY_PII_INDEX_KEY: the stored lookup hashes were made with another "
                "key; set it to the key they were made with (the first REGISTRY_PII_KEY)",
                file=sys.stderr,
            )
            return 2
        changed = await personal_data_keys.rotate(
            engine, cipher, Base.metadata, batch_size=batch_size, progress=_progress
        )
        left = await personal_data_keys.count_stale(engine, cipher, Base.metadata)
    except InvalidTag:
        print(
            "shouhu: REGISTRY_PII_KEYS_RETIRED: stored personal data is under a key that is not in "
            "the ring; add the key it was written with",
            file=sys.stderr,
        )
        return 2
    finally:
        await engine.dispose()
    print(f"{changed} rows re-encrypted; {left} rows left under a retired key", flush=True)
    return 0 if left == 0 else 1


def _pass_key_progress(done: int, to_do: int) -> None:
    print(f"pass_signing_key: {done} of {to_do} keys sealed again", flush=True)


async def _reseal(settings: RegistrySettings, batch_size: int) -> int:
    sealer = KeySealer(settings.pass_key_secret, settings.previous_pass_key_secrets())
    engine = make_engine(settings.database_url)
    sessionmaker = make_sessionmaker(engine)
    try:
        changed = await key_resealing.reseal_keys(
            sessionmaker, sealer, batch_size=batch_size, progress=_pass_key_progress
        )
        left = await key_resealing.count_keys_under_previous_secrets(sessionmaker, sealer)
    except InvalidTag:
        print(
            "shouhu: REGISTRY_PASS_KEY_PREVIOUS_SECRETS: a pass-signing key is sealed under a "
            "secret that is not set; add the secret it was sealed with",
            file=sys.stderr,
        )
        return 2
    finally:
        await engine.dispose()
    print(f"{changed} keys sealed again; {left} keys left under a previous secret", flush=True)
    return 0 if left == 0 else 1


ROTATIONS = {"rotate-pii-key": (_rotate, 500), "rotate-pass-key-secret": (_reseal, 100)}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ROTATIONS:
        rotation, batch_size = ROTATIONS[sys.argv[1]]
        parser = argparse.ArgumentParser(prog=f"python -m registry.cli {sys.argv[1]}")
        parser.add_argument("--batch-size", type=int, default=batch_size)
        args = parser.parse_args(sys.argv[2:])
        raise SystemExit(asyncio.run(rotation(get_settings(), args.batch_size)))
    service_main(get_settings(), ALEMBIC_INI, Base.metadata, demo.is_loaded, _load)


if __name__ == "__main__":
    main()
