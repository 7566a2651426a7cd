"""The `migrate | seed-demo | reset-demo` commands every service offers (`python -m <svc>.cli`)."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.database import make_engine, make_sessionmaker
from shouhu_common.migrations import upgrade_head
from shouhu_common.settings import ServiceSettings

DemoLoader = Callable[[AsyncSession], Awaitable[str]]
DemoCheck = Callable[[AsyncSession], Awaitable[bool]]


async def seed_demo(
    settings: ServiceSettings,
    metadata: MetaData,
    is_loaded: DemoCheck,
    load: DemoLoader,
    *,
    reset: bool,
) -> str:
    if settings.env == "production":
        raise SystemExit("the demo community is never loaded in production")
    engine = make_engine(settings.database_url)
    try:
        if reset:
            async with engine.begin() as conn:
                for table in reversed(metadata.sorted_tables):
                    await conn.execute(table.delete())
        async with make_sessionmaker(engine)() as session:
            if await is_loaded(session):
                return f"{settings.service_name}: demo already loaded"
            return f"{settings.service_name}: {await load(session)}"
    finally:
        await engine.dispose()


def service_main(
    settings: ServiceSettings,
    alembic_ini: Path,
    metadata: MetaData,
    is_loaded: DemoCheck,
    load: DemoLoader,
) -> None:
    parser = argparse.ArgumentParser(prog=f"python -m {settings.service_name}.cli")
    parser.add_argument("command", choices=["migrate", "seed-demo", "reset-demo"])
    args = parser.parse_args()
    if args.command == "migrate":
        upgrade_head(alembic_ini, settings.database_url)
        return
    print(
        asyncio.run(
            seed_demo(settings, metadata, is_loaded, load, reset=args.command == "reset-demo")
        )
    )
