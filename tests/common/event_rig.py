"""A producer and a consumer with their own databases (SQLite files, or fresh PostgreSQL
databases when the suite runs on PostgreSQL), and the consumer served by a real uvicorn on a
loopback port, so "the consumer is down" is a refused connection."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shouhu_common.database import NAMING_CONVENTION, UUID, make_engine, make_sessionmaker
from shouhu_common.events import (
    Event,
    EventConsumer,
    OutboxTables,
    event_receiver_router,
    inbox_table,
    outbox_tables,
)
from shouhu_common.problems import register_problem_handlers
from tests.databases import backend, postgres_admin_url

SECRET = "test-events-secret"
TOPIC = "household.quarantined"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def _pg(statements: list[str]) -> None:
    admin = postgres_admin_url().replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(admin)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


@dataclass
class Side:
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    metadata: MetaData

    async def count(self, table: Table) -> int:
        async with self.engine.connect() as conn:
            return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())

    async def empty(self) -> None:
        async with self.engine.begin() as conn:
            for table in reversed(self.metadata.sorted_tables):
                await conn.execute(table.delete())


@dataclass
class Rig:
    producer: Side
    consumer: Side
    outbox: OutboxTables
    inbox: Table
    parcel: Table  # the consumer's effect: one parcel per applied event
    port: int
    failures_left: list[int] = field(default_factory=lambda: [0])
    server: uvicorn.Server | None = None
    task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def parcels(self) -> list[int]:
        async with self.consumer.engine.connect() as conn:
            rows = await conn.execute(select(self.parcel.c.n).order_by(self.parcel.c.id))
            return [n for (n,) in rows]

    async def start_consumer(self) -> None:
        app = consumer_app(self)
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.task = asyncio.create_task(self.server.serve())
        while not self.server.started:
            await asyncio.sleep(0.01)

    async def stop_consumer(self) -> None:
        if self.server is not None and self.task is not None:
            self.server.should_exit = True
            await self.task
        self.server, self.task = None, None


def parcel_consumer(rig: Rig) -> EventConsumer:
    """The consumer's one handler: a parcel per event; it can be made to fail after writing."""

    async def deliver_parcel(session: AsyncSession, event: Event) -> None:
        await session.execute(
            insert(rig.parcel).values(event_id=event.event_id, n=event.payload["n"])
        )
        if rig.failures_left[0] > 0:  # the effect fails after writing: all of it rolls back
            rig.failures_left[0] -= 1
            raise RuntimeError("depot database hiccup")

    return EventConsumer(rig.inbox, {TOPIC: deliver_parcel})


def consumer_app(rig: Rig) -> FastAPI:
    consumer = parcel_consumer(rig)
    app = FastAPI()
    register_problem_handlers(app)  # as every service app does (shouhu_common.service_app)

    @app.get("/readyz")
    async def readyz() -> dict[str, str]:  # the relay asks a backed-off subscriber
        return {"status": "ready"}

    app.include_router(
        event_receiver_router(
            consumer, secret=SECRET, sessionmaker_of=lambda _r: rig.consumer.sessionmaker
        )
    )
    return app


async def _side(url: str, build: Callable[[MetaData], None]) -> Side:
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    build(metadata)
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    return Side(engine, make_sessionmaker(engine), metadata)


@contextlib.asynccontextmanager
async def event_rig(folder: Path) -> AsyncIterator[Rig]:
    label = f"shouhu_t_events_{uuid.uuid4().hex[:8]}"
    if backend() == "postgres":
        base = postgres_admin_url().rsplit("/", 1)[0]
        await _pg([f'CREATE DATABASE "{label}_{s}"' for s in ("producer", "consumer")])
        urls = {s: f"{base}/{label}_{s}" for s in ("producer", "consumer")}
    else:
        urls = {s: f"sqlite+aiosqlite:///{folder / (s + '.db')}" for s in ("producer", "consumer")}
    holder: dict[str, object] = {}

    def producer_tables(md: MetaData) -> None:
        holder["outbox"] = outbox_tables(md)

    def consumer_tables(md: MetaData) -> None:
        holder["inbox"] = inbox_table(md)
        holder["parcel"] = Table(
            "parcel",
            md,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("event_id", UUID, nullable=False),
            Column("n", Integer, nullable=False),
            Column("note", String(50), nullable=False, default=""),
        )

    producer = await _side(urls["producer"], producer_tables)
    consumer = await _side(urls["consumer"], consumer_tables)
    rig = Rig(
        producer,
        consumer,
        holder["outbox"],  # type: ignore[arg-type]
        holder["inbox"],  # type: ignore[arg-type]
        holder["parcel"],  # type: ignore[arg-type]
        free_port(),
    )
    try:
        yield rig
    finally:
        await rig.stop_consumer()
        await producer.engine.dispose()
        await consumer.engine.dispose()
        if backend() == "postgres":
            names = [f"{label}_{s}" for s in ("producer", "consumer")]
            await _pg([f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)' for n in names])
