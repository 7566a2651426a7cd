"""A partner's catalog under the no-markup rule 不加价: a price never exceeds the reference price
(the pre-outbreak price) that community staff approved; every change of either is kept."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams
from supplies.access import community_scope, own_partner_id
from supplies.catalog import repository
from supplies.catalog.errors import (
    CatalogItemNotFound,
    ItemNameTaken,
    PriceAboveReference,
    yuan,
)
from supplies.catalog.models import CatalogItem, PriceChange, PriceKind
from supplies.catalog.repository import ItemFilter
from supplies.catalog.schemas import (
    ItemCreate,
    ItemRead,
    ItemUpdate,
    NotOrderableReason,
    PriceChangeRead,
    ReferencePriceSet,
)
from supplies.idempotency import repository as idempotency
from supplies.partners.errors import PartnerNotFound
from supplies.partners.repository import get_partner


def not_orderable_reason(item: CatalogItem) -> NotOrderableReason | None:
    if not item.active:
        return "inactive"
    if item.reference_price_fen is None:
        return "reference_pending"
    if item.price_fen > item.reference_price_fen:
        return "price_above_reference"
    if item.stock <= 0:
        return "out_of_stock"
    return None


def item_read(item: CatalogItem) -> ItemRead:
    reason = not_orderable_reason(item)
    return ItemRead(
        id=item.id,
        partner_id=item.partner_id,
        community_id=item.community_id,
        name=item.name,
        category=item.category,
        unit=item.unit,
        price_fen=item.price_fen,
        reference_price_fen=item.reference_price_fen,
        proposed_reference_price_fen=item.proposed_reference_price_fen,
        stock=item.stock,
        active=item.active,
        orderable=reason is None,
        not_orderable_reason=reason,
        updated_at=item.updated_at,
    )


def check_no_markup(
    item_name: str, price_fen: int, reference: int | None, proposed: int | None
) -> None:
    if reference is not None and price_fen > reference:
        raise PriceAboveReference(
            f"'{item_name}': price {yuan(price_fen)} ({price_fen} fen) is above the reference "
            f"price {yuan(reference)} ({reference} fen); 不加价: at most {reference} fen",
            reference_price_fen=reference,
        )
    if reference is None and proposed is not None and price_fen > proposed:
        raise PriceAboveReference(
            f"'{item_name}': price {yuan(price_fen)} ({price_fen} fen) is above the proposed "
            f"reference price {yuan(proposed)} ({proposed} fen)",
            reference_price_fen=proposed,
        )


async def load_visible_item(
    session: AsyncSession, principal: Principal, item_id: uuid.UUID
) -> CatalogItem:
    """A partner reaches only its own items; staff and residents those of their communities."""
    item = await repository.get_item(session, item_id)
    if item is None:
        raise CatalogItemNotFound()
    if principal.role == Role.partner:
        if item.partner_id != principal.partner_id:
            raise CatalogItemNotFound()
    elif not principal.in_community(item.community_id):
        raise CatalogItemNotFound()
    return item


async def list_items(
    session: AsyncSession, principal: Principal, flt: ItemFilter, page: PageParams
) -> Page[ItemRead]:
    if principal.role == Role.partner:
        flt = ItemFilter(
            community_ids=None,
            partner_id=own_partner_id(principal),
            category=flt.category,
            orderable=flt.orderable,
        )
    else:
        flt = ItemFilter(
            community_ids=community_scope(principal),
            partner_id=flt.partner_id,
            category=flt.category,
            orderable=flt.orderable,
            active_only=principal.role == Role.resident,
        )
    total = await repository.count_items(session, flt)
    items = await repository.list_items(session, flt, page.limit, page.offset)
    return Page(
        items=[item_read(i) for i in items], total=total, limit=page.limit, offset=page.offset
    )


async def get_item(session: AsyncSession, principal: Principal, item_id: uuid.UUID) -> ItemRead:
    return item_read(await load_visible_item(session, principal, item_id))


async def add_item(
    session: AsyncSession, principal: Principal, data: ItemCreate, key: str | None
) -> ItemRead:
    """Listed by the partner itself; it is orderable once staff approve its reference price."""
    partner_id = own_partner_id(principal)
    digest = idempotency.fingerprint("catalog.add", data.model_dump(mode="json"))
    if (
        done := await idempotency.replayed(session, principal, key, "catalog.add", digest)
    ) is not None:
        return await get_item(session, principal, done)
    partner = await get_partner(session, partner_id)
    if partner is None:
        raise PartnerNotFound()
    if await repository.find_item_by_name(session, partner_id, data.name):
        raise ItemNameTaken(f"'{data.name}' is already in your catalog")
    check_no_markup(data.name, data.price_fen, None, data.proposed_reference_price_fen)
    item = CatalogItem(
        id=uuid.uuid4(),
        partner_id=partner_id,
        community_id=partner.community_id,
        active=True,
        reference_price_fen=None,
        **data.model_dump(),
    )
    session.add(item)
    await session.flush()
    repository.add_price_change(
        session,
        PriceChange(
            item_id=item.id,
            kind=PriceKind.price,
            old_fen=None,
            new_fen=data.price_fen,
            reason="listed",
            changed_by=principal.subject,
        ),
    )
    try:
        await idempotency.remember(session, principal, key, "catalog.add", digest, item.id)
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        done = await idempotency.replayed(session, principal, key, "catalog.add", digest)
        if done is not None:
            return await get_item(session, principal, done)
        raise ItemNameTaken(f"'{data.name}' is already in your catalog") from exc
    return item_read(item)


async def update_item(
    session: AsyncSession, principal: Principal, item_id: uuid.UUID, data: ItemUpdate
) -> ItemRead:
    own_partner_id(principal)
    item = await load_visible_item(session, principal, item_id)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "name" in changes and changes["name"] != item.name:
        if await repository.find_item_by_name(session, item.partner_id, changes["name"]):
            raise ItemNameTaken(f"'{changes['name']}' is already in your catalog")
    proposed = changes.get("proposed_reference_price_fen", item.proposed_reference_price_fen)
    if "price_fen" in changes:
        check_no_markup(item.name, changes["price_fen"], item.reference_price_fen, proposed)
        if changes["price_fen"] != item.price_fen:
            repository.add_price_change(
                session,
                PriceChange(
                    item_id=item.id,
                    kind=PriceKind.price,
                    old_fen=item.price_fen,
                    new_fen=changes["price_fen"],
                    reason="partner update",
                    changed_by=principal.subject,
                ),
            )
    for field, value in changes.items():
        setattr(item, field, value)
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise ItemNameTaken("another item of your catalog has this name") from exc
    await session.refresh(item)
    return item_read(item)


async def set_reference_price(
    session: AsyncSession, principal: Principal, item_id: uuid.UUID, data: ReferencePriceSet
) -> ItemRead:
    """Staff set or approve the reference price with a reason. A price already above the new
    reference is not changed for the partner: the item stops being orderable until it is lowered."""
    item = await load_visible_item(session, principal, item_id)
    repository.add_price_change(
        session,
        PriceChange(
            item_id=item.id,
            kind=PriceKind.reference,
            old_fen=item.reference_price_fen,
            new_fen=data.reference_price_fen,
            reason=data.reason,
            changed_by=principal.subject,
        ),
    )
    item.reference_price_fen = data.reference_price_fen
    item.proposed_reference_price_fen = None
    await session.commit()
    await session.refresh(item)
    return item_read(item)


async def price_history(
    session: AsyncSession, principal: Principal, item_id: uuid.UUID
) -> list[PriceChangeRead]:
    item = await load_visible_item(session, principal, item_id)
    changes = await repository.list_price_changes(session, item.id)
    return [PriceChangeRead.model_validate(c) for c in changes]
