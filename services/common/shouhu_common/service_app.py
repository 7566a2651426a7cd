"""What every backend service app has: problems, request context, identity, metrics, health."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncEngine

from shouhu_common import openapi_errors
from shouhu_common.health import health_router
from shouhu_common.hot_routes import HotRoute, HotRoutes
from shouhu_common.identity import InternalTokenVerifier
from shouhu_common.long_reads import LongReads
from shouhu_common.metrics import instrument
from shouhu_common.middleware import InternalIdentityMiddleware, RequestContextMiddleware
from shouhu_common.problems import register_problem_handlers
from shouhu_common.settings import ServiceSettings

# `/internal/events` carries no gateway identity: it is authenticated by the events HMAC
# (shouhu_common.events), and the gateway never routes `/internal`.
OPEN_PATHS = (
    "/healthz",
    "/readyz",
    "/metrics",
    "/openapi.json",
    "/docs",
    "/docs/oauth2-redirect",
    "/internal/events",
)


def build_service_app(
    *,
    title: str,
    description: str,
    settings: ServiceSettings,
    internal_public_key: str,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[Any]],
    routers: Sequence[tuple[APIRouter, str]],
    alembic_ini: Path,
    upload_paths: Sequence[str] = (),
    hot_routes: Sequence[HotRoute] = (),
    public_paths: Sequence[str] = (),
) -> FastAPI:
    """`public_paths`: served without a signed identity, each carrying a credential of its own
    that its route checks (the gateway forwards them to it without one)."""
    app = FastAPI(
        title=title,
        description=description,
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    register_problem_handlers(app)

    def engine_of(request: Request) -> AsyncEngine:
        engine: AsyncEngine = request.app.state.engine
        return engine

    def replica_of(request: Request) -> AsyncEngine | None:
        long_reads: LongReads = request.app.state.long_reads
        return long_reads.replica

    app.include_router(health_router(engine_of, alembic_ini, replica_of))
    for router, prefix in routers:
        app.include_router(router, prefix=prefix)
    openapi_errors.install(app)
    if hot_routes:
        app.add_middleware(HotRoutes, routes=hot_routes)  # innermost: added before the others
    instrument(app, excluded_handlers=["/metrics", "/healthz", "/readyz"])
    app.add_middleware(
        InternalIdentityMiddleware,
        verifier=InternalTokenVerifier(internal_public_key),
        open_paths=(*OPEN_PATHS, *public_paths),
    )
    app.add_middleware(
        RequestContextMiddleware,
        access_log=settings.access_log,
        max_body_bytes=settings.max_body_bytes,
        upload_paths=upload_paths,
        max_upload_bytes=settings.max_upload_bytes,
    )
    return app


def freeze_start_up_objects(settings: ServiceSettings) -> None:
    """Called at the end of start-up: what it allocated (modules, routes, settings, caches) lives
    for the whole process, so full collections need not walk it. Under load they paused requests
    for 30–220 ms (benchmarks, gc callback timing); `<PREFIX>_GC_FREEZE=false` turns this off."""
    if settings.gc_freeze:
        gc.collect()
        gc.freeze()
