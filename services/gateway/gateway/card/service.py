"""Composing the household card from the registry (household, members, pass and its QR, next
outing, quarantine, notices, the current testing round, who has self-reported, status changes and
appeals) and supplies
(recent orders), called in parallel as the resident.

The registry is the card: when it cannot answer, the card is refused (its 503/504 problem passes
through). Supplies only adds the orders: when it fails, the card still comes back with the orders
marked unavailable, so a resident at the gate is never left without their pass QR. The notices,
the testing round and the self-reports are the registry's optional parts: each may fail alone,
marked so."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from gateway.card.errors import NoHousehold
from gateway.card.notices import fetch_notices
from gateway.card.schemas import (
    CardHousehold,
    CardMember,
    CardOrder,
    CardOrders,
    CardOuting,
    CardPass,
    CardQuarantine,
    CardQuarantinePeriod,
    CardQuota,
    HouseholdCardRead,
    SectionUnavailable,
)
from gateway.card.sections import optional_section
from gateway.card.self_report import fetch_self_report
from gateway.card.status_changes import fetch_status_changes
from gateway.card.testing import fetch_testing
from gateway.clients.registry import OutingRef, PassRef, RegistryClient
from gateway.clients.supplies import OrderRef, SuppliesClient
from shouhu_common.identity import Principal
from shouhu_common.pii import mask_id_number, mask_phone

RECENT_ORDERS = 5


async def household_card(
    registry: RegistryClient,
    supplies: SuppliesClient,
    principal: Principal,
    request_id: str,
    english: bool = False,
) -> HouseholdCardRead:
    """The signed-in resident's own household only: the id comes from their token, never from
    the request."""
    household_id = principal.household_id
    if household_id is None:
        raise NoHousehold()
    household, passes, outing, notices, orders, sections = await asyncio.gather(
        registry.get_household_file(household_id, principal, request_id),
        registry.list_household_passes(household_id, principal, request_id),
        registry.get_outing(household_id, principal, request_id),
        fetch_notices(registry, principal, request_id, english),
        _recent_orders(supplies, principal, request_id, english),
        asyncio.gather(
            fetch_testing(registry, household_id, principal, request_id, english),
            fetch_status_changes(registry, household_id, principal, request_id, english),
            fetch_self_report(registry, household_id, principal, request_id, english),
        ),
    )
    testing, changes, self_report = sections
    current = current_pass(passes)
    qr_svg = None
    if current is not None and current.status != "revoked":
        qr_svg = await registry.get_pass_qr_svg(current.id, principal, request_id)
    return HouseholdCardRead(
        household=CardHousehold(
            id=household.id,
            community_id=household.community_id,
            address=household.address,
            card_number=household.card_number,
            status=household.status,
        ),
        members=[
            CardMember(
                name=m.name,
                relation=m.relation,
                id_number=_masked(m.id_number, mask_id_number),
                phone=_masked(m.phone, mask_phone),
                elderly=m.elderly,
            )
            for m in household.members
        ],
        pass_=_card_pass(current, qr_svg),
        outing=_card_outing(outing),
        quarantine=CardQuarantine(
            in_quarantine=household.status != "normal",
            end_date=outing.quarantine_end_date,
            periods=[
                CardQuarantinePeriod.model_validate(q.model_dump()) for q in outing.quarantines
            ],
        ),
        notices=notices,
        orders=orders,
        testing=testing,
        self_report=self_report,
        status_changes=changes,
        generated_at=datetime.now(UTC),
    )


def current_pass(passes: list[PassRef]) -> PassRef | None:
    """The household's own pass (not a member's personal one) that the gate would look at: the
    newest not revoked, else the newest of all (so the card can say it was revoked)."""
    household_passes = [p for p in passes if p.person_id is None] or passes
    ordered = sorted(household_passes, key=lambda p: p.issued_at, reverse=True)
    live = [p for p in ordered if p.status != "revoked"]
    chosen = live or ordered
    return chosen[0] if chosen else None


def _card_pass(current: PassRef | None, qr_svg: str | None) -> CardPass | None:
    if current is None:
        return None
    return CardPass(
        id=current.id,
        number=current.number,
        status=current.status,
        effective_status=current.effective_status,
        reason=current.reason,
        valid_from=current.valid_from,
        valid_until=current.valid_until,
        qr_svg=qr_svg,
        qr_url=f"/api/v1/passes/{current.id}/qr.svg",
    )


def _card_outing(outing: OutingRef) -> CardOuting:
    return CardOuting(
        can_go_out_now=outing.can_go_out_now,
        reason=outing.reason,
        message=outing.message,
        next_allowed_at=outing.next_allowed_at,
        quota=CardQuota.model_validate(outing.quota.model_dump()) if outing.quota else None,
        curfew=outing.curfew,
    )


def _masked(value: str | None, mask: Callable[[str], str]) -> str | None:
    """The registry masks for residents already; a value without a mask is masked again here,
    so a registry change can never put a full ID number or phone on a phone screen."""
    if value is None or "*" in value:
        return value
    return mask(value)


async def _recent_orders(
    supplies: SuppliesClient, principal: Principal, request_id: str, english: bool
) -> CardOrders:
    partners, orders = await asyncio.gather(
        optional_section(supplies.list_partners(principal, request_id), english),
        optional_section(
            supplies.list_recent_orders(principal, RECENT_ORDERS, request_id), english
        ),
    )
    if isinstance(orders, SectionUnavailable):
        return CardOrders(available=False, items=[], problem=orders)
    names: dict[uuid.UUID, str] = {}
    if not isinstance(partners, SectionUnavailable):
        names = {p.id: p.name for p in partners}
    return CardOrders(available=True, items=[_card_order(o, names) for o in orders])


def _card_order(order: OrderRef, partner_names: dict[uuid.UUID, str]) -> CardOrder:
    return CardOrder(
        id=order.id,
        partner_id=order.partner_id,
        partner_name=partner_names.get(order.partner_id, ""),
        status=order.status,
        delivery_mode=order.delivery_mode,
        door_reason=order.door_reason,
        delivery_date=order.round.delivery_date,
        delivery_time=order.round.local_time,
        item_count=sum(line.quantity for line in order.lines),
        payable_fen=order.payable_fen,
        created_at=order.created_at,
        updated_at=order.updated_at,
    )
