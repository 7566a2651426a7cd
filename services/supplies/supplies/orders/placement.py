"""Placing an order: a resident for their own household, staff or a grid worker on behalf of one
(a grid worker only for a household of their grid), from one partner's catalog, in a delivery
round that still has room. Everything that can be checked by reading is checked first; the
round's capacity, the stock and the partner's feed position are then taken with conditional
updates in the transaction that writes the order (by group commit, see writer.py). The rows it
writes are built from the models' columns (`table_row`), so a new column cannot be left out."""

from __future__ import annotations

import uuid
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.driver_writes import table_row
from shouhu_common.identity import Principal, Role
from shouhu_common.problems import ProblemError
from supplies.catalog.errors import yuan
from supplies.catalog.models import CatalogItem
from supplies.catalog.service import not_orderable_reason
from supplies.delivery_rounds import service as rounds
from supplies.delivery_rounds.errors import DeliveryRoundNotFound
from supplies.grid_areas.scope import admits_household
from supplies.household_directory.models import HouseholdDirectoryEntry
from supplies.idempotency import repository as idempotency
from supplies.idempotency.errors import IdempotencyKeyReused
from supplies.idempotency.models import IdempotencyRecord
from supplies.orders import placement_reads as reads
from supplies.orders.errors import (
    DuplicateOrderLine,
    HouseholdAddressUnknown,
    HouseholdNotFound,
    ItemNotInCatalog,
    ItemNotOrderable,
    ItemOutOfStock,
)
from supplies.orders.placement_rows import PlacedOrder, priced_order
from supplies.orders.schemas import OrderCreate
from supplies.orders.service import OrderJSON, get_order, timeline_entry
from supplies.orders.writer import OrderWrite, OrderWriter, Refusal, Written
from supplies.partners.errors import PartnerNotFound

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
    entry = table_row(
        HouseholdDirectoryEntry.__table__,
        household_id=household_id,
        community_id=partner.community_id,
        has_elderly=False,
        has_chronic_illness=False,
        lives_alone=False,
        source="staff",
        updated_at=utc_now(),
        **address,
    )
    return target, entry


def _check_items(
    data: OrderCreate, items: dict[uuid.UUID, reads.ItemRow], partner_id: uuid.UUID
) -> None:
    """Each item once, from this partner's catalog, orderable, and in stock for the quantity."""
    item_ids = [line.item_id for line in data.lines]
    if len(set(item_ids)) != len(item_ids):
        raise DuplicateOrderLine()
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
    """Checks by reading, then writes through `writer` (group commit); a retried Idempotency-Key
    answers the order it placed first."""
    digest = idempotency.fingerprint(OPERATION, data.model_dump(mode="json"))
    try:
        household_id: uuid.UUID | None = _household_for(principal, data)
        wrong_household = None
    except ProblemError as problem:  # raised after the replay check, as it always was
        household_id, wrong_household = None, problem
    read = await reads.placing(
        session,
        principal.subject,
        key,
        data.partner_id,
        household_id,
        data.round_id,
        list(dict.fromkeys(line.item_id for line in data.lines)),
    )
    if key and read.replay is not None:
        return await _replay(session, principal, key, digest, read.replay, zone)
    if wrong_household is not None or household_id is None:
        raise wrong_household or HouseholdNotFound()
    if not await admits_household(session, principal, household_id):
        raise HouseholdNotFound()  # as a household that does not exist: no oracle
    partner = _check_partner(principal, read.partner)
    target, new_entry = await _delivery_target(
        session, principal, household_id, data, partner, read.target
    )
    _check_delivery_area(principal, partner, target)
    _check_items(data, read.items, partner.id)
    found = await _check_round_open(session, read.round, partner, target, zone)
    await session.rollback()  # nothing written: give the connection back before waiting

    placed = priced_order(principal, data, household_id, partner, target, found, read.items)
    write = OrderWrite(
        now=placed.now,
        community_id=target.community_id,
        round_id=found.id,
        partner_id=partner.id,
        capacity=found.capacity_per_partner,
        takes=sorted((line.item_id, line.quantity) for line in data.lines),
        order=placed.order,
        lines=placed.lines,
        timeline=placed.timeline,
        idempotency=_idempotency_record(principal, key, digest, placed),
        directory_entry=new_entry,
        deliveries=placed.notifications,
    )
    written = await writer.submit(write)
    if written.refusal is not None:
        return await _answer_refusal(session, principal, data, key, digest, read, written, zone)
    entry = placed.timeline
    placed.body["timeline"] = [
        timeline_entry(
            entry["kind"], entry["status"], entry["note"], entry["actor_role"], placed.now, zone
        )
    ]
    return placed.body


async def _replay(
    session: AsyncSession,
    principal: Principal,
    key: str,
    digest: str,
    replay: tuple[str, str, uuid.UUID],
    zone: ZoneInfo,
) -> OrderJSON:
    """The order this Idempotency-Key placed first, if it was for the same request."""
    operation, request_hash, done = replay
    if operation != OPERATION or request_hash != digest:
        raise IdempotencyKeyReused(
            f"Idempotency-Key '{key}' was first used for another request ({operation})"
        )
    return await get_order(session, principal, done, zone)


def _check_partner(principal: Principal, partner: reads.PartnerRow | None) -> reads.PartnerRow:
    if partner is None or not partner.active or not principal.in_community(partner.community_id):
        raise PartnerNotFound()
    return partner


def _check_delivery_area(
    principal: Principal, partner: reads.PartnerRow, target: reads.TargetRow
) -> None:
    """Staff order only in their communities, and only from a partner serving the household's."""
    if principal.role != Role.resident and not principal.in_community(target.community_id):
        raise HouseholdNotFound()
    if partner.community_id != target.community_id:
        raise PartnerNotFound("this partner does not serve the household's community")


async def _check_round_open(
    session: AsyncSession,
    found: reads.RoundRow | None,
    partner: reads.PartnerRow,
    target: reads.TargetRow,
    zone: ZoneInfo,
) -> reads.RoundRow:
    """A round of the household's community, not closed and before its cut-off (whether it has
    room is taken when the order is written)."""
    if found is None or found.community_id != target.community_id:
        raise DeliveryRoundNotFound()
    if found.closed or found.cutoff_at <= utc_now():
        raise await rounds.refusal(session, found.id, partner.id, zone, full=False)
    return found


def _idempotency_record(
    principal: Principal, key: str | None, digest: str, placed: PlacedOrder
) -> dict[str, Any] | None:
    if not key:
        return None
    return table_row(
        IdempotencyRecord.__table__,
        id=uuid.uuid4(),
        subject=principal.subject,
        key=key,
        operation=OPERATION,
        request_hash=digest,
        resource_id=placed.order["id"],
        created_at=placed.now,
    )


async def _answer_refusal(
    session: AsyncSession,
    principal: Principal,
    data: OrderCreate,
    key: str | None,
    digest: str,
    read: reads.Placing,
    written: Written,
    zone: ZoneInfo,
) -> OrderJSON:
    """What the order met when it was written: a full round (with the next that has room), an
    item short, or its Idempotency-Key recorded meanwhile by a retry (answered that order)."""
    if written.refusal == Refusal.round_full:
        raise await rounds.refusal(session, data.round_id, data.partner_id, zone, full=True)
    if written.refusal == Refusal.out_of_stock:
        item = read.items[cast(uuid.UUID, written.item_id)]
        quantity = next(ln.quantity for ln in data.lines if ln.item_id == item.id)
        raise ItemOutOfStock(f"'{item.name}': not enough left for {quantity} {item.unit}")
    assert written.refusal == Refusal.key_taken
    first = await idempotency.replayed(session, principal, key, OPERATION, digest)
    if first is None:
        raise RuntimeError("the Idempotency-Key was taken but its record is gone")
    return await get_order(session, principal, first, zone)
