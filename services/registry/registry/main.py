"""The registry app factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from registry.communities.router import router as communities_router
from registry.config import RegistrySettings, get_settings
from registry.households.router import router as households_router
from shouhu_common.database import make_engine, make_sessionmaker
from shouhu_common.logging import configure_logging
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.service_app import build_service_app

ALEMBIC_INI = Path(__file__).resolve().parents[1] / "alembic.ini"


def create_app(settings: RegistrySettings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, "registry")
        app.state.engine = make_engine(settings.database_url)
        app.state.sessionmaker = make_sessionmaker(app.state.engine)
        app.state.cipher = PersonalDataCipher(settings.pii_key)
        yield
        await app.state.engine.dispose()

    return build_service_app(
        title="Shouhu registry",
        description="Communities, buildings, households and people.",
        settings=settings,
        internal_public_key=settings.internal_public_key,
        lifespan=lifespan,
        routers=[
            (communities_router, "/api/v1/communities"),
            (households_router, "/api/v1/households"),
        ],
        alembic_ini=ALEMBIC_INI,
    )
