"""Placed orders written by group commit.

A placement checks everything it can by reading (household, partner, items, round), then hands
what it writes to `OrderWriter` (shouhu_common/group_commit.py): one background task per process
that takes whatever queued while the previous commit ran and writes it in one transaction, each
order on its own (the round's capacity, the stock of each item, the partner's feed position, the
order, its lines and timeline, webhook deliveries, the idempotency record). An order that finds
its round full, an item short or its Idempotency-Key taken is undone alone and answered with why;
an order that fails is answered with its error; the others commit together, and every caller is
answered only after the commit that holds its order, so nothing acknowledged is lost. Through the
session the same order took ~15 statements of ~0.4 ms of CPU each, holding SQLite's write lock
across them. There is one store per driver (sqlite_store.py, postgres_store.py), chosen by
`store_for`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from shouhu_common.driver_writes import store_driver
from shouhu_common.group_commit import GroupCommitWriter

# An address staff send with an order replaces the directory's, never these columns of it.
DIRECTORY_KEPT = ("household_id", "has_elderly", "has_chronic_illness", "lives_alone")


class Refusal(StrEnum):
    round_full = "round_full"
    out_of_stock = "out_of_stock"
    key_taken = "key_taken"  # the Idempotency-Key was recorded meanwhile: replay it


@dataclass(slots=True)
class OrderWrite:
    """Everything one placement writes; UUIDs as `uuid.UUID`, times as aware UTC datetimes."""

    now: datetime  # when it was placed (the items' `updated_at`)
    community_id: uuid.UUID  # the household's, the partner's and the round's (placement.py)
    round_id: uuid.UUID
    partner_id: uuid.UUID
    capacity: int
    takes: list[tuple[uuid.UUID, int]]  # (item id, quantity), in item id order (lock order)
    order: dict[str, Any]  # a household_order row; the store sets change_seq (feed position)
    lines: list[dict[str, Any]]
    timeline: dict[str, Any]
    idempotency: dict[str, Any] | None
    directory_entry: dict[str, Any] | None = None  # an address staff sent for a new household
    # webhook_delivery rows of the order, given its feed position and the partner's webhooks
    deliveries: Callable[[int, list[Any]], list[dict[str, Any]]] | None = None


@dataclass(slots=True)
class Written:
    change_seq: int = 0
    refusal: Refusal | None = None
    item_id: uuid.UUID | None = None  # the item short of stock


class OrderStore(Protocol):
    async def write(self, batch: Sequence[OrderWrite]) -> list[Written | Exception]:
        """The batch in one transaction; an order's exception is its caller's alone."""
        ...

    def close(self) -> None: ...


class OrderWriter(GroupCommitWriter[OrderWrite, Written]):
    def __init__(self, store: OrderStore, *, batch_max: int = 200) -> None:
        super().__init__(store, name="order", batch_max=batch_max)


def store_for(engine: AsyncEngine, write_lock: asyncio.Lock | None) -> OrderStore:
    """The store for the engine's driver: a SQLite file (taking the service's SQLite write lock,
    supplies/database.py), or PostgreSQL through asyncpg."""
    if store_driver(engine) == "asyncpg":
        from supplies.orders.postgres_store import PostgresOrderStore

        return PostgresOrderStore(engine)
    from supplies.orders.sqlite_store import SqliteOrderStore

    return SqliteOrderStore(engine, write_lock)
