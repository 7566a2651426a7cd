"""The gateway app factory: the only public entry point."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response

from gateway import api_docs
from gateway.access_codes.router import router as access_codes_router
from gateway.accounts.router import router as accounts_router
from gateway.authn import Authenticator
from gateway.bundle_cache import BundleCache
from gateway.card.router import router as card_router
from gateway.clients.base import UpstreamProblem
from gateway.clients.registry import RegistryClient
from gateway.clients.supplies import SuppliesClient
from gateway.config import GatewaySettings, get_settings
from gateway.dashboard.router import router as dashboard_router
from gateway.dashboard.snapshots import Snapshots
from gateway.fast_proxy import AiohttpForwarder, FastProxy, refuse_unrouted
from gateway.health import router as health_router
from gateway.openapi import build_public_openapi
from gateway.partner_keys.router import router as partner_keys_router
from gateway.published import PublishedRoutes
from gateway.pwa import PwaFiles
from gateway.ratelimit import RateLimiter
from gateway.reports.router import router as reports_router
from gateway.revocations import Revocations
from gateway.routing import UPLOAD_PATHS
from gateway.upstreams import UpstreamAddresses
from shouhu_common.database import make_engine, make_sessionmaker
from shouhu_common.health import migration_heads
from shouhu_common.identity import InternalTokenSigner
from shouhu_common.logging import configure_logging
from shouhu_common.metrics import instrument
from shouhu_common.middleware import RequestContextMiddleware
from shouhu_common.problems import register_problem_handlers
from shouhu_common.service_app import freeze_start_up_objects

ALEMBIC_INI = Path(__file__).resolve().parents[1] / "alembic.ini"
PROXY_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, "gateway")
        state = app.state
        state.engine = make_engine(settings.database_url, pool_size=settings.database_pool_size)
        state.sessionmaker = make_sessionmaker(state.engine)
        state.limiter = RateLimiter(settings.redis_url)
        state.authenticator = Authenticator(
            settings.token_secrets(), state.sessionmaker, state.limiter, settings.key_rate_per_ip
        )
        state.revocations = Revocations(state.authenticator, settings.redis_url)
        state.revocations.start()
        signer = InternalTokenSigner(settings.internal_signing_key)
        common: dict[str, Any] = {
            "timeout_s": settings.upstream_timeout_s,
            "connect_timeout_s": settings.upstream_connect_timeout_s,
            "pool_size": settings.upstream_pool_size,
        }
        # One list per service, shared by typed calls and forwarding, so that a replica found
        # down by either is set aside for both.
        registry_at = UpstreamAddresses(settings.registry_url)
        supplies_at = UpstreamAddresses(settings.supplies_url)
        state.registry = RegistryClient(registry_at, signer, **common)
        state.supplies = SuppliesClient(supplies_at, signer, **common)
        state.openapi_cache = None
        state.published_routes = PublishedRoutes([state.registry, state.supplies])
        state.forwarder = AiohttpForwarder(
            {"registry": registry_at, "supplies": supplies_at},
            signer,
            timeout_s=settings.upstream_timeout_s,
            connect_timeout_s=settings.upstream_connect_timeout_s,
            long_timeout_s=settings.long_request_timeout_s,
            pool_size=settings.upstream_pool_size,
        )
        await state.forwarder.start()
        freeze_start_up_objects(settings)
        yield
        await state.revocations.stop()
        await state.forwarder.close()
        await state.registry.aclose()
        await state.supplies.aclose()
        await state.engine.dispose()

    app = FastAPI(
        title="Shouhu gateway",
        version="0.1.0",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.dashboard_snapshots = Snapshots[bytes](settings.dashboard_fresh_s)
    app.state.bundle_cache = BundleCache(settings.bundle_fresh_s)
    app.state.alembic_ini = ALEMBIC_INI
    app.state.migration_heads = migration_heads(ALEMBIC_INI)
    register_problem_handlers(app)
    app.add_exception_handler(UpstreamProblem, _upstream_problem)

    app.include_router(health_router)
    app.include_router(accounts_router, prefix="/api/v1/auth")
    app.include_router(access_codes_router, prefix="/api/v1/auth")
    app.include_router(partner_keys_router, prefix="/api/v1/auth/partner-keys")
    app.include_router(card_router, prefix="/api/v1/household-card")
    app.include_router(reports_router, prefix="/api/v1/reports")
    app.include_router(dashboard_router, prefix="/api/v1/dashboard")
    # routed paths never reach it: FastProxy (below) forwards them first
    app.add_api_route(
        "/api/v1/{path:path}", refuse_unrouted, methods=PROXY_METHODS, include_in_schema=False
    )

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi_document(request: Request) -> JSONResponse:
        state = request.app.state
        if state.openapi_cache is None:
            document = await build_public_openapi(request.app, [state.registry, state.supplies])
            if "x-incomplete" in document:
                return JSONResponse(document)
            state.openapi_cache = document
        return JSONResponse(state.openapi_cache)

    api_docs.install(app)

    instrument(app, excluded_handlers=["/metrics", "/healthz", "/readyz"])
    if settings.frontend_dir.is_dir():
        app.mount("/", PwaFiles(str(settings.frontend_dir)), name="pwa")
    app.add_middleware(FastProxy, state=app.state)
    # JSON and the PWA's files compressed for phones on thin links (1 KiB and up). Level 5, not
    # Starlette's 9: on a 66 KB missing list 9 cost three times the CPU (on the event loop, in
    # front of every other request) for 3 % fewer bytes.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)
    app.add_middleware(
        RequestContextMiddleware,
        access_log=settings.access_log,
        max_body_bytes=settings.max_body_bytes,
        upload_paths=tuple(UPLOAD_PATHS),
        max_upload_bytes=settings.max_upload_bytes,
    )
    return app


async def _upstream_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UpstreamProblem)
    upstream = exc.response
    return Response(
        upstream.content,
        upstream.status_code,
        media_type=upstream.headers.get("content-type", "application/problem+json"),
    )
