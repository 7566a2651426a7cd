"""The supplies app factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from shouhu_common.database import make_engine, make_sessionmaker
from shouhu_common.logging import configure_logging
from shouhu_common.service_app import build_service_app
from supplies.config import SuppliesSettings, get_settings
from supplies.partners.router import router as partners_router

ALEMBIC_INI = Path(__file__).resolve().parents[1] / "alembic.ini"


def create_app(settings: SuppliesSettings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, "supplies")
        app.state.engine = make_engine(settings.database_url)
        app.state.sessionmaker = make_sessionmaker(app.state.engine)
        yield
        await app.state.engine.dispose()

    return build_service_app(
        title="Shouhu supplies",
        description="Partner supermarkets and pharmacies.",
        settings=settings,
        internal_public_key=settings.internal_public_key,
        lifespan=lifespan,
        routers=[(partners_router, "/api/v1/partners")],
        alembic_ini=ALEMBIC_INI,
    )
