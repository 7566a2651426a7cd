"""The supplies app factory."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from shouhu_common.database import make_engine, make_sessionmaker
from shouhu_common.events import event_receiver_router
from shouhu_common.events.wiring import build_stream_reader
from shouhu_common.logging import configure_logging
from shouhu_common.long_reads import LongReads
from shouhu_common.service_app import build_service_app, freeze_start_up_objects
from supplies.allocations.router import router as allocations_router
from supplies.catalog.router import router as catalog_router
from supplies.community_stock.router import router as community_stock_router
from supplies.config import SuppliesSettings, get_settings
from supplies.database import serialize_sqlite_writes
from supplies.delivery_rounds.router import router as delivery_rounds_router
from supplies.distributions.router import router as distributions_router
from supplies.donations.router import router as donations_router
from supplies.door_deliveries.router import router as door_deliveries_router
from supplies.events import CONSUMER
from supplies.group_buys.router import router as group_buys_router
from supplies.household_directory.router import router as household_directory_router
from supplies.orders.router import router as orders_router
from supplies.orders.writer import OrderWriter, store_for
from supplies.partners.router import router as partners_router
from supplies.reports.router import router as reports_router
from supplies.webhooks.dispatcher import run_dispatcher
from supplies.webhooks.router import router as webhooks_router

ALEMBIC_INI = Path(__file__).resolve().parents[1] / "alembic.ini"


def create_app(settings: SuppliesSettings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, "supplies")
        app.state.engine = make_engine(settings.database_url, pool_size=settings.database_pool_size)
        write_lock = serialize_sqlite_writes(app.state.engine)
        app.state.order_writer = OrderWriter(
            store_for(app.state.engine, write_lock), batch_max=settings.order_batch_max
        )
        app.state.order_writer.start()
        app.state.sessionmaker = make_sessionmaker(app.state.engine)
        app.state.long_reads = LongReads.open(settings, app.state.sessionmaker)
        dispatcher = None
        if settings.runs_webhook_dispatcher():
            dispatcher = asyncio.create_task(
                run_dispatcher(
                    app.state.sessionmaker,
                    poll_s=settings.webhook_poll_s,
                    timeout_s=settings.webhook_timeout_s,
                    allow_loopback=settings.allows_loopback_webhooks(),
                )
            )
        # Registry events arrive at /internal/events (HTTP) or, with SUPPLIES_EVENT_TRANSPORT=redis,
        # from Redis Streams through this reader.
        reader = build_stream_reader(
            settings, CONSUMER, app.state.sessionmaker, group=settings.service_name
        )
        if reader is not None:
            reader.start()
        freeze_start_up_objects(settings)
        yield
        if reader is not None:
            await reader.stop()
        if dispatcher is not None:
            dispatcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await dispatcher
        await app.state.order_writer.stop()
        await app.state.long_reads.close()
        await app.state.engine.dispose()

    app = build_service_app(
        title="Shouhu supplies",
        description="Partners, no-markup catalogs, orders, delivery rounds, door deliveries, "
        "community stock, distributions, allocations and donations.",
        settings=settings,
        internal_public_key=settings.internal_public_key,
        lifespan=lifespan,
        routers=[
            (partners_router, "/api/v1/partners"),
            (catalog_router, "/api/v1/catalog"),
            (delivery_rounds_router, "/api/v1/delivery-rounds"),
            (orders_router, "/api/v1/orders"),
            (household_directory_router, "/api/v1/household-directory"),
            (door_deliveries_router, "/api/v1"),
            (webhooks_router, "/api/v1/webhooks"),
            (group_buys_router, "/api/v1/group-buys"),
            (community_stock_router, "/api/v1/community-stock"),
            (distributions_router, "/api/v1/distributions"),
            (allocations_router, "/api/v1/allocations"),
            (donations_router, "/api/v1/donations"),
            (reports_router, "/api/v1/supplies-reports"),
            (
                event_receiver_router(
                    CONSUMER,
                    secret=settings.events_secret,
                    sessionmaker_of=lambda request: request.app.state.sessionmaker,
                ),
                "",
            ),
        ],
        alembic_ini=ALEMBIC_INI,
    )
    return app
