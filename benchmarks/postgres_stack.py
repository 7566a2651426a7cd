"""The same stack on PostgreSQL: fresh databases (one per service) on the server named by
SHOUHU_BENCH_POSTGRES_URL (else SHOUHU_TEST_POSTGRES_URL, else the local default), dropped after."""

from __future__ import annotations

import asyncio
import os
import sys
import traceback
import uuid
from collections.abc import Callable

import asyncpg

from benchmarks.harness import SERVICES, BenchmarkError, Options, Outcome, Stack
from benchmarks.report import failure_summary

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    return (
        os.environ.get("SHOUHU_BENCH_POSTGRES_URL")
        or os.environ.get("SHOUHU_TEST_POSTGRES_URL")
        or DEFAULT_ADMIN_URL
    )


async def execute(url: str, statements: list[str]) -> None:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


def postgres_reachable() -> bool:
    try:
        asyncio.run(execute(admin_url(), ["SELECT 1"]))
    except (OSError, asyncpg.PostgresError):
        return False
    return True


class PostgresStack(Stack):
    def __init__(self, *, access_log: bool = True) -> None:
        super().__init__(access_log=access_log)
        self.label = f"shouhu_bench_{uuid.uuid4().hex[:8]}"
        base = admin_url().rsplit("/", 1)[0]
        self.urls = {s: f"{base}/{self.label}_{s}" for s in SERVICES}
        self.registry_database_url = self.urls["registry"].replace(
            "postgresql://", "postgresql+asyncpg://"
        )

    def env(self) -> dict[str, str]:
        env = super().env()
        for name in SERVICES:
            env[f"{name.upper()}_DATABASE_URL"] = self.urls[name]
        return env

    def prepare(self) -> None:
        asyncio.run(execute(admin_url(), [f'CREATE DATABASE "{self.label}_{s}"' for s in SERVICES]))
        super().prepare()

    def stop(self) -> None:
        super().stop()
        drops = [f'DROP DATABASE IF EXISTS "{self.label}_{s}" WITH (FORCE)' for s in SERVICES]
        try:
            asyncio.run(execute(admin_url(), drops))
        except (OSError, asyncpg.PostgresError):
            pass


def on_both_databases(
    measure: Callable[[Stack, Options, str], Outcome],
) -> Callable[[Stack, Options], Outcome]:
    """A benchmark's `run`: `measure` on the harness's stack (SQLite), then on a PostgreSQL stack
    with metric names ending in `_postgres`; if PostgreSQL fails, the SQLite figures stand and
    the failure is reported (the run fails)."""

    def run(stack: Stack, options: Options) -> Outcome:
        outcome = measure(stack, options, "")
        if not postgres_reachable():
            outcome.notes["postgres"] = "skipped: no PostgreSQL at SHOUHU_BENCH_POSTGRES_URL"
            return outcome
        print("  starting the stack on PostgreSQL …", flush=True)
        try:
            with PostgresStack(access_log=options.access_log) as pg:
                extra = measure(pg, options, "_postgres")
        except Exception as exc:  # whatever failed there, the SQLite figures stand
            if not isinstance(exc, BenchmarkError):
                traceback.print_exc(file=sys.stderr)
            outcome.failures.append(f"on PostgreSQL: {failure_summary(exc)}")
            return outcome
        outcome.metrics.update(extra.metrics)
        outcome.notes.update(extra.notes)
        return outcome

    return run
