"""Queries of catalog items and their price history."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from supplies.catalog.models import CatalogItem, ItemCategory, PriceChange


@dataclass(frozen=True, slots=True)
class ItemFilter:
    community_ids: Sequence[uuid.UUID] | None
    partner_id: uuid.UUID | None = None
    category: ItemCategory | None = None
    orderable: bool | None = None
    active_only: bool = False


def _orderable() -> ColumnElement[bool]:
    return and_(
        CatalogItem.active.is_(True),
        CatalogItem.reference_price_fen.is_not(None),
        CatalogItem.price_fen <= CatalogItem.reference_price_fen,
        CatalogItem.stock > 0,
    )


def _filtered(query: Select[Any], flt: ItemFilter) -> Select[Any]:
    if flt.community_ids is not None:
        query = query.where(CatalogItem.community_id.in_(flt.community_ids))
    if flt.partner_id is not None:
        query = query.where(CatalogItem.partner_id == flt.partner_id)
    if flt.category is not None:
        query = query.where(CatalogItem.category == flt.category)
    if flt.active_only:
        query = query.where(CatalogItem.active.is_(True))
    if flt.orderable is True:
        query = query.where(_orderable())
    elif flt.orderable is False:
        query = query.where(
            or_(
                CatalogItem.active.is_(False),
                CatalogItem.reference_price_fen.is_(None),
                CatalogItem.price_fen > CatalogItem.reference_price_fen,
                CatalogItem.stock <= 0,
            )
        )
    return query


async def count_items(session: AsyncSession, flt: ItemFilter) -> int:
    query = _filtered(select(CatalogItem), flt).with_only_columns(func.count(CatalogItem.id))
    return int((await session.execute(query)).scalar_one())


async def list_items(
    session: AsyncSession, flt: ItemFilter, limit: int, offset: int
) -> Sequence[CatalogItem]:
    query = _filtered(select(CatalogItem), flt).order_by(
        CatalogItem.category, CatalogItem.name, CatalogItem.id
    )
    return (await session.scalars(query.limit(limit).offset(offset))).all()


async def get_item(session: AsyncSession, item_id: uuid.UUID) -> CatalogItem | None:
    return await session.get(CatalogItem, item_id)


async def get_items(session: AsyncSession, item_ids: Sequence[uuid.UUID]) -> list[CatalogItem]:
    query = select(CatalogItem).where(CatalogItem.id.in_(item_ids))
    return list((await session.scalars(query)).all())


async def find_item_by_name(
    session: AsyncSession, partner_id: uuid.UUID, name: str
) -> CatalogItem | None:
    query = select(CatalogItem).where(
        CatalogItem.partner_id == partner_id, CatalogItem.name == name
    )
    return (await session.scalars(query)).first()


async def take_stock(session: AsyncSession, item_id: uuid.UUID, quantity: int) -> bool:
    """Atomically takes `quantity` from stock; False (nothing changed) when there is not enough."""
    result = await session.execute(
        update(CatalogItem)
        .where(CatalogItem.id == item_id, CatalogItem.stock >= quantity)
        .values(stock=CatalogItem.stock - quantity)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def return_stock(
    session: AsyncSession, community_id: uuid.UUID, item_id: uuid.UUID, quantity: int
) -> None:
    await session.execute(
        update(CatalogItem)
        .where(CatalogItem.community_id == community_id, CatalogItem.id == item_id)
        .values(stock=CatalogItem.stock + quantity)
        .execution_options(synchronize_session=False)
    )


def add_price_change(session: AsyncSession, change: PriceChange) -> None:
    session.add(change)


async def list_price_changes(session: AsyncSession, item_id: uuid.UUID) -> Sequence[PriceChange]:
    query = (
        select(PriceChange)
        .where(PriceChange.item_id == item_id)
        .order_by(PriceChange.changed_at, PriceChange.id)
    )
    return (await session.scalars(query)).all()
