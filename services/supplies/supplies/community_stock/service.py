"""Community stock: every change is a movement with who, when and why; what is on hand is their
sum. Withdrawals lock the item first and never take it below zero."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams
from supplies.access import community_scope
from supplies.community_stock import repository
from supplies.community_stock.errors import (
    InvalidMovement,
    NotEnoughStock,
    StockItemNameTaken,
    StockItemNotFound,
)
from supplies.community_stock.models import MovementKind, StockItem, StockMovement
from supplies.community_stock.schemas import (
    MovementCreate,
    MovementRead,
    StockItemCreate,
    StockItemRead,
)
from supplies.grid_areas.scope import grid_scope
from supplies.idempotency import repository as idempotency


def item_read(item: StockItem, on_hand: int) -> StockItemRead:
    return StockItemRead(
        id=item.id,
        community_id=item.community_id,
        name=item.name,
        unit=item.unit,
        scarce=item.scarce,
        on_hand=on_hand,
    )


async def load_visible_item(
    session: AsyncSession, principal: Principal, item_id: uuid.UUID
) -> StockItem:
    item = await repository.get_item(session, item_id)
    if item is None or not principal.in_community(item.community_id):
        raise StockItemNotFound()
    return item


async def withdraw(
    session: AsyncSession,
    recorded_by: str,
    wanted: Sequence[tuple[StockItem, int]],
    *,
    reason: str,
    household_id: uuid.UUID | None = None,
    source_id: uuid.UUID | None = None,
) -> None:
    """Records `distributed` movements for all of `wanted`, or none: refused (and rolled back)
    when any item would go below zero. The caller commits."""
    await repository.lock_items(session, [item for item, _ in wanted])
    on_hand = await repository.balances(session, [item for item, _ in wanted])
    for item, quantity in wanted:
        if on_hand[item.id] < quantity:
            problem = NotEnoughStock(
                f"'{item.name}': {on_hand[item.id]} {item.unit} on hand, {quantity} needed"
            )
            await session.rollback()
            raise problem
        on_hand[item.id] -= quantity
    now = utc_now()
    for item, quantity in wanted:
        repository.add_movement(
            session,
            StockMovement(
                community_id=item.community_id,
                stock_item_id=item.id,
                kind=MovementKind.distributed,
                quantity=-quantity,
                reason=reason[:200],
                household_id=household_id,
                source_id=source_id,
                recorded_by=recorded_by,
                recorded_at=now,
            ),
        )


async def create_item(
    session: AsyncSession, principal: Principal, data: StockItemCreate
) -> StockItemRead:
    if not principal.in_community(data.community_id):
        raise StockItemNotFound("unknown community")
    if await repository.find_item(session, data.community_id, data.name):
        raise StockItemNameTaken()
    item = StockItem(id=uuid.uuid4(), lock_version=0, **data.model_dump())
    session.add(item)
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise StockItemNameTaken() from exc
    return item_read(item, 0)


async def list_items(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> list[StockItemRead]:
    scope = community_scope(principal)
    if community_id is not None:
        scope = [community_id] if scope is None or community_id in scope else []
    items = await repository.list_items(session, scope)
    on_hand = await repository.balances(session, items)
    return [item_read(i, on_hand[i.id]) for i in items]


async def get_item(
    session: AsyncSession, principal: Principal, item_id: uuid.UUID
) -> StockItemRead:
    item = await load_visible_item(session, principal, item_id)
    return item_read(item, (await repository.balances(session, [item]))[item.id])


async def record_movement(
    session: AsyncSession,
    principal: Principal,
    item_id: uuid.UUID,
    data: MovementCreate,
    key: str | None,
) -> StockItemRead:
    digest = idempotency.fingerprint("stock.move", str(item_id), data.model_dump())
    if await idempotency.replayed(session, principal, key, "stock.move", digest) is not None:
        return await get_item(session, principal, item_id)
    item = await load_visible_item(session, principal, item_id)
    reason = data.reason.strip()
    if data.quantity == 0:
        raise InvalidMovement("the quantity cannot be 0")
    if data.kind != "adjusted" and data.quantity < 0:
        raise InvalidMovement(f"'{data.kind}' takes a positive quantity")
    if data.kind == "adjusted" and not reason:
        raise InvalidMovement("an adjustment needs a reason")
    if data.kind == "distributed" or (data.kind == "adjusted" and data.quantity < 0):
        if data.kind == "distributed":
            await withdraw(session, principal.subject, [(item, data.quantity)], reason=reason)
        else:
            await repository.lock_items(session, [item])
            on_hand = (await repository.balances(session, [item]))[item.id]
            if on_hand + data.quantity < 0:
                problem = NotEnoughStock(f"'{item.name}': only {on_hand} {item.unit} on hand")
                await session.rollback()
                raise problem
            repository.add_movement(
                session, _movement(item, principal, MovementKind.adjusted, data.quantity, reason)
            )
    else:
        repository.add_movement(
            session, _movement(item, principal, MovementKind(data.kind), data.quantity, reason)
        )
    await idempotency.remember(session, principal, key, "stock.move", digest, item.id)
    await session.commit()
    return await get_item(session, principal, item_id)


def _movement(
    item: StockItem, principal: Principal, kind: MovementKind, quantity: int, reason: str
) -> StockMovement:
    return StockMovement(
        community_id=item.community_id,
        stock_item_id=item.id,
        kind=kind,
        quantity=quantity,
        reason=reason,
        recorded_by=principal.subject,
        recorded_at=utc_now(),
    )


async def list_movements(
    session: AsyncSession, principal: Principal, item_id: uuid.UUID, page: PageParams
) -> Page[MovementRead]:
    item = await load_visible_item(session, principal, item_id)
    grid = await grid_scope(session, principal)  # a grid worker: no other household's share
    total = await repository.count_movements(session, item, grid)
    rows = await repository.list_movements(session, item, grid, page.limit, page.offset)
    return Page(
        items=[MovementRead.model_validate(m) for m in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
