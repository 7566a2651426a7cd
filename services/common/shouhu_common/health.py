"""`/healthz` (the process is alive) and `/readyz` (database reachable, migrations at head; the read
replica too when the service has one)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


def migration_heads(alembic_ini: Path) -> set[str]:
    config = Config(str(alembic_ini))
    config.set_main_option("script_location", str(alembic_ini.parent / "migrations"))
    return set(ScriptDirectory.from_config(config).get_heads())


async def current_revisions(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT version_num FROM alembic_version"))
        return {r[0] for r in rows}


async def _replica_problem(replica: AsyncEngine, heads: set[str]) -> dict[str, str] | None:
    """Why the read replica is not ready (unreachable, or not yet at the migrations' head), or
    None. Its long reads would fail meanwhile."""
    try:
        current = await current_revisions(replica)
    except Exception as exc:  # any driver error means "not ready", never a 500
        return {"read_database": "unreachable", "error": type(exc).__name__}
    if current != heads:
        return {"read_database": "ok", "read_migrations": "behind"}
    return None


def health_router(
    get_engine: Callable[[Request], AsyncEngine],
    alembic_ini: Path,
    get_replica: Callable[[Request], AsyncEngine | None] = lambda _request: None,
) -> APIRouter:
    router = APIRouter(tags=["health"])
    heads = migration_heads(alembic_ini)

    @router.get("/healthz", summary="Liveness: the process answers")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz", summary="Readiness: database reachable and migrations at head")
    async def readyz(request: Request) -> JSONResponse:
        try:
            current = await current_revisions(get_engine(request))
        except Exception as exc:  # any driver error means "not ready", never a 500
            return JSONResponse(
                {"status": "unavailable", "database": "unreachable", "error": type(exc).__name__},
                status_code=503,
            )
        if current != heads:
            return JSONResponse(
                {
                    "status": "unavailable",
                    "database": "ok",
                    "migrations": "behind",
                    "current": sorted(current),
                    "head": sorted(heads),
                },
                status_code=503,
            )
        body = {"status": "ok", "database": "ok", "migrations": "head"}
        replica = get_replica(request)
        if replica is None:
            return JSONResponse(body)
        if problem := await _replica_problem(replica, heads):
            return JSONResponse({**body, "status": "unavailable", **problem}, status_code=503)
        return JSONResponse({**body, "read_database": "ok"})

    return router
