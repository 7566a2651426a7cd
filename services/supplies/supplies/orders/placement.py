"""Placing an order: a resident for their own household, staff or a grid worker on behalf of one,
from one partner's catalog, in a delivery round that still has room. Stock, the round's capacity
and the partner's feed position are taken with conditional updates in one transaction."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal, Role
from supplies.catalog import repository as catalog
from supplies.catalog.errors import yuan
from supplies.catalog.models import CatalogItem
from supplies.catalog.service import not_orderable_reason
from supplies.delivery_rounds import service as rounds
from supplies.household_directory import repository as directory
from supplies.household_directory.models import HouseholdDeliveryStatus, HouseholdDirectoryEntry
from supplies.idempotency import repository as idempotency
from supplies.orders import repository
from supplies.orders.errors import (
    DuplicateOrderLine,
    HouseholdAddressUnknown,
    HouseholdNotFound,
    ItemNotInCatalog,
    ItemNotOrderable,
    ItemOutOfStock,
)
from supplies.orders.models import (
    DeliveryMode,
    HouseholdOrder,
    OrderLine,
    OrderStatus,
    OrderTimelineEntry,
    TimelineKind,
)
from supplies.orders.schemas import OrderCreate
from supplies.orders.service import OrderJSON, get_order, order_read, timeline_entry
from supplies.partners.errors import PartnerNotFound
from supplies.partners.models import Partner
from supplies.partners.repository import get_partner
from supplies.webhooks.repository import enqueue_event

OPERATION = "orders.place"


def _household_for(principal: Principal, data: OrderCreate) -> uuid.UUID:
    if principal.role == Role.resident:
        if principal.household_id is None or data.household_id not in (
            None,
            principal.household_id,
        ):
            raise HouseholdNotFound("a resident orders only for their own household")
        if data.address is not None:
            raise HouseholdAddressUnknown("residents cannot set the address; ask community staff")
        return principal.household_id
    if data.household_id is None:
        raise HouseholdNotFound("staff must name the household (household_id) they order for")
    return data.household_id


async def _directory_entry(
    session: AsyncSession,
    principal: Principal,
    household_id: uuid.UUID,
    data: OrderCreate,
    partner: Partner,
) -> tuple[HouseholdDirectoryEntry, HouseholdDeliveryStatus | None]:
    entry, status = await directory.delivery_target(session, household_id)
    if entry is None and data.address is not None:
        # Staff ordering for a household the directory does not know yet record its address in
        # the partner's community (staff may only do so in their own communities).
        await directory.upsert_entries(
            session,
            [
                {
                    "household_id": household_id,
                    "community_id": partner.community_id,
                    "source": "staff",
                    **data.address.model_dump(),
                }
            ],
        )
        entry, status = await directory.delivery_target(session, household_id, fresh=True)
    if entry is None:
        if principal.role == Role.resident:
            raise HouseholdAddressUnknown()
        raise HouseholdAddressUnknown("send `address` with the order to record it")
    if principal.role != Role.resident and not principal.in_community(entry.community_id):
        raise HouseholdNotFound()
    return entry, status


def _check_items(
    data: OrderCreate, items: dict[uuid.UUID, CatalogItem], partner_id: uuid.UUID
) -> None:
    for line in data.lines:
        item = items.get(line.item_id)
        if item is None or item.partner_id != partner_id:
            raise ItemNotInCatalog(f"item {line.item_id} is not in this partner's catalog")
        reason = not_orderable_reason(item)
        if reason == "out_of_stock" or (reason is None and line.quantity > item.stock):
            raise ItemOutOfStock(f"'{item.name}': {item.stock} {item.unit} left")
        if reason == "price_above_reference" and item.reference_price_fen is not None:
            raise ItemNotOrderable(
                f"'{item.name}' is priced above its reference price "
                f"{yuan(item.reference_price_fen)} and cannot be ordered until lowered"
            )
        if reason is not None:
            raise ItemNotOrderable(f"'{item.name}': {reason}")


async def place_order(
    session: AsyncSession, principal: Principal, data: OrderCreate, key: str | None, zone: ZoneInfo
) -> OrderJSON:
    digest = idempotency.fingerprint(OPERATION, data.model_dump(mode="json"))
    if (done := await idempotency.replayed(session, principal, key, OPERATION, digest)) is not None:
        return await get_order(session, principal, done, zone)
    household_id = _household_for(principal, data)
    partner = await get_partner(session, data.partner_id)
    if partner is None or not partner.active or not principal.in_community(partner.community_id):
        raise PartnerNotFound()
    entry, status = await _directory_entry(session, principal, household_id, data, partner)
    if partner.community_id != entry.community_id:
        raise PartnerNotFound("this partner does not serve the household's community")
    item_ids = [line.item_id for line in data.lines]
    if len(set(item_ids)) != len(item_ids):
        raise DuplicateOrderLine()
    items = {i.id: i for i in await catalog.get_items(session, item_ids)}
    _check_items(data, items, partner.id)
    door = status is not None and status.door_delivery

    # Writes, in the same lock order everywhere: round load → items → partner feed.
    delivery_round = await rounds.reserve_place(
        session, data.round_id, entry.community_id, partner.id, zone
    )
    for line in sorted(data.lines, key=lambda ln: ln.item_id):
        if not await catalog.take_stock(session, line.item_id, line.quantity):
            item = items[line.item_id]
            problem = ItemOutOfStock(
                f"'{item.name}': not enough left for {line.quantity} {item.unit}"
            )
            await session.rollback()
            raise problem
    now = utc_now()
    order = HouseholdOrder(
        id=uuid.uuid4(),
        community_id=entry.community_id,
        household_id=household_id,
        partner_id=partner.id,
        round_id=delivery_round.id,
        status=OrderStatus.placed,
        delivery_mode=DeliveryMode.door if door else DeliveryMode.gate,
        door_reason=status.reason if status is not None and door else "",
        compound=entry.compound,
        building=entry.building,
        unit=entry.unit,
        floor=entry.floor,
        room=entry.room,
        placed_by=principal.subject,
        placed_by_role=principal.role.value,
        on_behalf=principal.role != Role.resident,
        note=data.note,
        reason="",
        total_fen=0,
        refunded_fen=0,
        change_seq=await repository.next_feed_position(session, partner.id),
        group_buy_id=None,
        carrier="",
        handed_over_by="",
        handed_over_at=None,
        created_at=now,
        updated_at=now,
    )
    lines = []
    for position, line in enumerate(data.lines):
        item = items[line.item_id]
        lines.append(
            OrderLine(
                id=uuid.uuid4(),
                order_id=order.id,
                item_id=item.id,
                item_name=item.name,
                unit=item.unit,
                unit_price_fen=item.price_fen,
                quantity=line.quantity,
                line_total_fen=item.price_fen * line.quantity,
                position=position,
            )
        )
    order.total_fen = sum(ln.line_total_fen for ln in lines)
    placed = OrderTimelineEntry(
        id=uuid.uuid4(),
        order_id=order.id,
        kind=TimelineKind.status,
        status=OrderStatus.placed,
        note=("工作人员代下单 placed on behalf" if order.on_behalf else "居民下单 placed")
        + (f"; 送货上门 door delivery: {order.door_reason}" if door else ""),
        actor_role=principal.role.value,
        at=now,
    )
    await repository.insert_order(session, order, lines, placed)
    read = order_read(order, lines, [], delivery_round)
    await enqueue_event(session, partner.id, "order.placed", lambda: read)
    try:
        await idempotency.remember(session, principal, key, OPERATION, digest, order.id)
        await session.commit()
    except IntegrityError:
        await session.rollback()
        done = await idempotency.replayed(session, principal, key, OPERATION, digest)
        if done is None:
            raise
        return await get_order(session, principal, done, zone)
    read["timeline"] = [
        timeline_entry(placed.kind, placed.status, placed.note, placed.actor_role, now, zone)
    ]
    return read
