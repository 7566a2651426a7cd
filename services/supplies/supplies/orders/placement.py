"""Placing an order: a resident for their own household, staff or a grid worker on behalf of one,
from one partner's catalog, in a delivery round that still has room. Everything that can be
checked by reading is checked first; the round's capacity, the stock and the partner's feed
position are then taken with conditional updates in the transaction that writes the order (by
group commit, see writer.py)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal, Role
from shouhu_common.problems import ProblemError
from supplies.catalog.errors import yuan
from supplies.catalog.models import CatalogItem
from supplies.catalog.service import not_orderable_reason
from supplies.delivery_rounds import service as rounds
from supplies.delivery_rounds.errors import DeliveryRoundNotFound
from supplies.idempotency import repository as idempotency
from supplies.idempotency.errors import IdempotencyKeyReused
from supplies.orders import placement_reads as reads
from supplies.orders.errors import (
    DuplicateOrderLine,
    HouseholdAddressUnknown,
    HouseholdNotFound,
    ItemNotInCatalog,
    ItemNotOrderable,
    ItemOutOfStock,
)
from supplies.orders.models import DeliveryMode, OrderStatus, TimelineKind
from supplies.orders.schemas import OrderCreate
from supplies.orders.service import OrderJSON, get_order, order_read, timeline_entry
from supplies.orders.writer import OrderWrite, OrderWriter, Refusal
from supplies.partners.errors import PartnerNotFound
from supplies.webhooks.models import DeliveryState
from supplies.webhooks.repository import event_body

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


async def _delivery_target(
    session: AsyncSession,
    principal: Principal,
    household_id: uuid.UUID,
    data: OrderCreate,
    partner: reads.PartnerRow,
    target: reads.TargetRow | None,
) -> tuple[reads.TargetRow, dict[str, Any] | None]:
    """The household's address and delivery status; and the directory entry to record when
    staff send the address of a household the directory does not know yet."""
    if target is not None:
        return target, None
    if data.address is None:
        if principal.role == Role.resident:
            raise HouseholdAddressUnknown()
        raise HouseholdAddressUnknown("send `address` with the order to record it")
    # Staff ordering for a household the directory does not know yet record its address in the
    # partner's community (staff may only do so in their own communities).
    address = data.address.model_dump()
    status = await reads.delivery_status(session, household_id)
    target = reads.TargetRow(
        community_id=partner.community_id,
        door_delivery=None if status is None else status[0],
        reason=None if status is None else status[1],
        **address,
    )
    entry = {
        "household_id": household_id,
        "community_id": partner.community_id,
        "has_elderly": False,
        "has_chronic_illness": False,
        "lives_alone": False,
        "source": "staff",
        "updated_at": utc_now(),
        **address,
    }
    return target, entry


def _check_items(
    data: OrderCreate, items: dict[uuid.UUID, reads.ItemRow], partner_id: uuid.UUID
) -> None:
    for line in data.lines:
        item = items.get(line.item_id)
        if item is None or item.partner_id != partner_id:
            raise ItemNotInCatalog(f"item {line.item_id} is not in this partner's catalog")
        reason = not_orderable_reason(cast(CatalogItem, item))
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
    session: AsyncSession,
    principal: Principal,
    data: OrderCreate,
    key: str | None,
    zone: ZoneInfo,
    writer: OrderWriter,
) -> OrderJSON:
    """Checks by reading, then writes through `writer` (group commit)."""
    digest = idempotency.fingerprint(OPERATION, data.model_dump(mode="json"))
    try:
        household_id: uuid.UUID | None = _household_for(principal, data)
        wrong_household = None
    except ProblemError as problem:  # raised after the replay check, as it always was
        household_id, wrong_household = None, problem
    item_ids = [line.item_id for line in data.lines]
    read = await reads.placing(
        session,
        principal.subject,
        key,
        data.partner_id,
        household_id,
        data.round_id,
        list(dict.fromkeys(item_ids)),
    )
    if key and read.replay is not None:
        operation, request_hash, done = read.replay
        if operation != OPERATION or request_hash != digest:
            raise IdempotencyKeyReused(
                f"Idempotency-Key '{key}' was first used for another request ({operation})"
            )
        return await get_order(session, principal, done, zone)
    if wrong_household is not None or household_id is None:
        raise wrong_household or HouseholdNotFound()
    partner = read.partner
    if partner is None or not partner.active or not principal.in_community(partner.community_id):
        raise PartnerNotFound()
    target, new_entry = await _delivery_target(
        session, principal, household_id, data, partner, read.target
    )
    if principal.role != Role.resident and not principal.in_community(target.community_id):
        raise HouseholdNotFound()
    if partner.community_id != target.community_id:
        raise PartnerNotFound("this partner does not serve the household's community")
    if len(set(item_ids)) != len(item_ids):
        raise DuplicateOrderLine()
    items = read.items
    _check_items(data, items, partner.id)
    door = bool(target.door_delivery)
    found = read.round
    if found is None or found.community_id != target.community_id:
        raise DeliveryRoundNotFound()
    if found.closed or found.cutoff_at <= utc_now():
        raise await rounds.refusal(session, found.id, partner.id, zone, full=False)
    await session.rollback()  # nothing written: give the connection back before waiting

    now = utc_now()
    order: dict[str, Any] = {
        "id": uuid.uuid4(),
        "community_id": target.community_id,
        "household_id": household_id,
        "partner_id": partner.id,
        "round_id": found.id,
        "status": OrderStatus.placed.value,
        "delivery_mode": (DeliveryMode.door if door else DeliveryMode.gate).value,
        "door_reason": target.reason if door and target.reason is not None else "",
        "compound": target.compound,
        "building": target.building,
        "unit": target.unit,
        "floor": target.floor,
        "room": target.room,
        "placed_by": principal.subject,
        "placed_by_role": principal.role.value,
        "on_behalf": principal.role != Role.resident,
        "note": data.note,
        "reason": "",
        "total_fen": 0,
        "refunded_fen": 0,
        "group_buy_id": None,
        "carrier": "",
        "handed_over_by": "",
        "handed_over_at": None,
        "created_at": now,
        "updated_at": now,
    }
    lines = []
    for position, line in enumerate(data.lines):
        item = items[line.item_id]
        lines.append(
            {
                "id": uuid.uuid4(),
                "order_id": order["id"],
                "item_id": item.id,
                "item_name": item.name,
                "unit": item.unit,
                "unit_price_fen": item.price_fen,
                "quantity": line.quantity,
                "line_total_fen": item.price_fen * line.quantity,
                "position": position,
            }
        )
    order["total_fen"] = sum(ln["line_total_fen"] for ln in lines)
    placed = {
        "id": uuid.uuid4(),
        "order_id": order["id"],
        "kind": TimelineKind.status.value,
        "status": OrderStatus.placed.value,
        "note": ("工作人员代下单 placed on behalf" if order["on_behalf"] else "居民下单 placed")
        + (f"; 送货上门 door delivery: {order['door_reason']}" if door else ""),
        "actor_role": principal.role.value,
        "at": now,
    }
    body = order_read(
        SimpleNamespace(**order, change_seq=0), [SimpleNamespace(**ln) for ln in lines], [], found
    )

    def deliveries(seq: int, hooks: list[Any]) -> list[dict[str, Any]]:
        """The order's notification, one per active webhook of the partner (read in the
        transaction that writes the order, so it exists exactly when the order does)."""
        body["cursor"] = str(seq)
        if not hooks:
            return []
        at = utc_now()
        payload = event_body("order.placed", body, at)
        return [
            {
                "id": uuid.uuid4(),
                "webhook_id": hook,
                "partner_id": partner.id,
                "event_type": "order.placed",
                "payload": payload,
                "state": DeliveryState.pending.value,
                "attempts": 0,
                "next_attempt_at": at,
                "last_status_code": None,
                "last_error": "",
                "delivered_at": None,
                "created_at": at,
            }
            for hook in hooks
        ]

    write = OrderWrite(
        now=now,
        round_id=found.id,
        partner_id=partner.id,
        capacity=found.capacity_per_partner,
        takes=sorted((line.item_id, line.quantity) for line in data.lines),
        order=order,
        lines=lines,
        timeline=placed,
        idempotency=None
        if not key
        else {
            "id": uuid.uuid4(),
            "subject": principal.subject,
            "key": key,
            "operation": OPERATION,
            "request_hash": digest,
            "resource_id": order["id"],
            "created_at": now,
        },
        directory_entry=new_entry,
        deliveries=deliveries,
    )
    written = await writer.submit(write)
    if written.refusal == Refusal.round_full:
        raise await rounds.refusal(session, found.id, partner.id, zone, full=True)
    if written.refusal == Refusal.out_of_stock:
        item = items[cast(uuid.UUID, written.item_id)]
        quantity = next(ln.quantity for ln in data.lines if ln.item_id == item.id)
        raise ItemOutOfStock(f"'{item.name}': not enough left for {quantity} {item.unit}")
    if written.refusal == Refusal.key_taken:
        first = await idempotency.replayed(session, principal, key, OPERATION, digest)
        if first is None:
            raise RuntimeError("the Idempotency-Key was taken but its record is gone")
        return await get_order(session, principal, first, zone)
    body["timeline"] = [
        timeline_entry(
            placed["kind"], placed["status"], placed["note"], placed["actor_role"], now, zone
        )
    ]
    return body
