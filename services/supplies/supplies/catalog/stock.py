"""A partner's available stock, changed by a difference.

`stock` is what can still be ordered: placing an order takes its quantities at once (the order
writer's conditional update, never below zero), and a rejected or cancelled order gives them
back. Setting `stock` outright (PATCH) overwrites what orders took since the partner last read
it; an adjustment by a difference does not, and is applied exactly once under an
Idempotency-Key, so a retried "+120 arrived" never counts twice.
"""

from __future__ import annotations

import uuid

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from supplies.access import own_partner_id
from supplies.catalog.errors import StockBelowZero
from supplies.catalog.models import CatalogItem
from supplies.catalog.schemas import MAX_STOCK, ItemRead, StockAdjustment
from supplies.catalog.service import get_item, item_read, load_visible_item
from supplies.idempotency import repository as idempotency

OPERATION = "catalog.adjust_stock"


async def adjust_stock(
    session: AsyncSession,
    principal: Principal,
    item_id: uuid.UUID,
    data: StockAdjustment,
    key: str | None,
) -> ItemRead:
    own_partner_id(principal)
    item = await load_visible_item(session, principal, item_id)
    digest = idempotency.fingerprint(OPERATION, {"item": str(item_id), **data.model_dump()})
    if await idempotency.replayed(session, principal, key, OPERATION, digest) is not None:
        return await get_item(session, principal, item_id)
    stock = CatalogItem.stock
    changed = await session.execute(
        update(CatalogItem)
        .where(
            CatalogItem.id == item.id,
            stock + data.change >= 0,
            stock + data.change <= MAX_STOCK,
        )
        .values(stock=stock + data.change, updated_at=utc_now())
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        await session.rollback()
        current = await load_visible_item(session, principal, item_id)
        raise StockBelowZero(
            f"{current.stock} in stock: a change of {data.change} would leave "
            f"{current.stock + data.change}",
            stock=current.stock,
        )
    await idempotency.remember(session, principal, key, OPERATION, digest, item.id)
    await session.commit()
    await session.refresh(item)
    return item_read(item)
