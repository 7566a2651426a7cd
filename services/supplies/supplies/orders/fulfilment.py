"""The order status machine. A partner moves its orders forward one step at a time:
placed → accepted | rejected; accepted → packed → out_for_delivery → delivered_gate.
Partners do not enter a closed community: every order ends, for them, at the gate drop point.
A door order (the household is in quarantine or sealed) goes on from there: community workers
carry it to the door and hand it over (door_deliveries), which makes it delivered_door; its
resident reads "到达小区门口，社区人员送上门" at the gate step and is never asked to fetch it.
A resident or staff may cancel until the partner accepts. Anything else is 409 and changes nothing;
every change is timestamped on the order's timeline and raises the partner's feed position."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from supplies.access import own_partner_id
from supplies.catalog import repository as catalog
from supplies.delivery_rounds import service as rounds
from supplies.idempotency import repository as idempotency
from supplies.orders import repository
from supplies.orders.errors import (
    InvalidStatusChange,
    OrderNotCancellable,
    ReasonRequired,
    ShortageTooLarge,
)
from supplies.orders.models import (
    DeliveryMode,
    HouseholdOrder,
    OrderShortage,
    OrderStatus,
    OrderTimelineEntry,
    ShortageKind,
    TimelineKind,
)
from supplies.orders.schemas import CancelRequest, ShortageReport, StatusChange
from supplies.orders.service import OrderJSON, get_order, load_visible_order, order_reads
from supplies.webhooks.events import WebhookEvent
from supplies.webhooks.repository import enqueue_event

S = OrderStatus
PARTNER_MOVES: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.placed: frozenset({S.accepted, S.rejected}),
    S.accepted: frozenset({S.packed}),
    S.packed: frozenset({S.out_for_delivery}),
    S.out_for_delivery: frozenset({S.delivered_gate}),
}
SHORTAGE_STATUSES = frozenset({S.accepted, S.packed, S.out_for_delivery})
STATUS_NOTES = {
    S.accepted: "商户已接单 accepted",
    S.rejected: "商户拒单 rejected",
    S.cancelled: "订单已取消 cancelled",
    S.packed: "已打包 packed",
    S.out_for_delivery: "配送中 out for delivery",
    S.delivered_gate: "已送达小区门口取货点 delivered to the gate drop point",
    S.delivered_door: "已送到家门口 delivered to the door",
}
AT_GATE_FOR_DOOR = "到达小区门口，社区人员送上门 at the gate: community workers bring it up"


async def record_change(
    session: AsyncSession,
    actor_role: str,
    order: HouseholdOrder,
    values: dict[str, Any],
    kind: TimelineKind,
    note: str,
    *,
    event: WebhookEvent,
    expected: OrderStatus | None = None,
    after_lock: Callable[[], Any] | None = None,
) -> None:
    """Applies `values` if the order is still in `expected` (default: its current status), then
    raises its feed position, writes the timeline entry and queues `event` to the partner's
    webhooks: every change of an order reaches the partner, in its feed and by webhook. Lock
    order: order → round load → items → partner feed, as in placement, so concurrent changes
    cannot deadlock."""
    if not await repository.change_status(session, order, expected or order.status, values):
        await session.rollback()
        raise InvalidStatusChange("the order changed meanwhile; read it again")
    if after_lock is not None:
        await after_lock()
    seq = await repository.next_feed_position(session, order.community_id, order.partner_id)
    await repository.change_status(
        session, order, values.get("status", order.status), {"change_seq": seq}
    )
    repository.add_timeline(
        session,
        OrderTimelineEntry(
            id=uuid.uuid4(),
            community_id=order.community_id,
            order_id=order.id,
            kind=kind,
            status=values.get("status", order.status),
            note=note[:200],
            actor_role=actor_role,
            at=utc_now(),
        ),
    )
    await enqueue_event(
        session, order.community_id, order.partner_id, event, lambda: _order_now(session, order)
    )


async def _order_now(session: AsyncSession, order: HouseholdOrder) -> OrderJSON:
    """The order as the change left it (written by UPDATE statements, so read again)."""
    await session.refresh(order)
    (read,) = await order_reads(session, [order])
    return read


async def _give_back(session: AsyncSession, order: HouseholdOrder) -> None:
    """A rejected or cancelled order frees its place in the round and its stock."""
    await rounds.release_place(session, order.community_id, order.round_id, order.partner_id)
    lines = (await repository.lines_of(session, [order.community_id], [order.id]))[order.id]
    for line in sorted(lines, key=lambda ln: ln.item_id):
        await catalog.return_stock(session, order.community_id, line.item_id, line.quantity)


async def _replay(
    session: AsyncSession,
    principal: Principal,
    key: str | None,
    operation: str,
    digest: str,
    zone: ZoneInfo,
) -> OrderJSON | None:
    done = await idempotency.replayed(session, principal, key, operation, digest)
    return None if done is None else await get_order(session, principal, done, zone)


async def change_status(
    session: AsyncSession,
    principal: Principal,
    order_id: uuid.UUID,
    data: StatusChange,
    key: str | None,
    zone: ZoneInfo,
) -> OrderJSON:
    own_partner_id(principal)
    digest = idempotency.fingerprint("orders.status", str(order_id), data.model_dump())
    if (done := await _replay(session, principal, key, "orders.status", digest, zone)) is not None:
        return done
    order = await load_visible_order(session, principal, order_id)
    target = OrderStatus(data.status)
    if target == S.delivered_door:
        raise InvalidStatusChange(
            "partners deliver to the gate drop point (delivered_gate); community workers carry "
            "door orders up and hand them over (POST /api/v1/orders/{id}/hand-over)"
        )
    if target not in PARTNER_MOVES.get(order.status, frozenset()):
        raise InvalidStatusChange(f"an order in '{order.status}' cannot become '{target}'")
    reason = data.reason.strip()
    if target == S.rejected and not reason:
        raise ReasonRequired("say why the order is rejected")
    values: dict[str, Any] = {"status": target}
    if target == S.rejected:
        values["reason"] = reason
    note = STATUS_NOTES[target]
    if target == S.delivered_gate and order.delivery_mode == DeliveryMode.door:
        note = AT_GATE_FOR_DOOR
    await record_change(
        session,
        principal.role.value,
        order,
        values,
        TimelineKind.status,
        note + (f": {reason}" if reason else ""),
        event=WebhookEvent.order_status_changed,
        after_lock=(lambda: _give_back(session, order)) if target == S.rejected else None,
    )
    await idempotency.remember(session, principal, key, "orders.status", digest, order.id)
    await session.commit()
    return await get_order(session, principal, order.id, zone)


async def cancel_order(
    session: AsyncSession,
    principal: Principal,
    order_id: uuid.UUID,
    data: CancelRequest,
    key: str | None,
    zone: ZoneInfo,
) -> OrderJSON:
    """Until the partner accepts; the partner hears of it by webhook and in its feed."""
    digest = idempotency.fingerprint("orders.cancel", str(order_id), data.model_dump())
    if (done := await _replay(session, principal, key, "orders.cancel", digest, zone)) is not None:
        return done
    order = await load_visible_order(session, principal, order_id)
    if order.status != S.placed:
        raise OrderNotCancellable(f"the order is '{order.status}'")
    reason = data.reason.strip()
    await record_change(
        session,
        principal.role.value,
        order,
        {"status": S.cancelled, "reason": reason},
        TimelineKind.status,
        STATUS_NOTES[S.cancelled] + (f": {reason}" if reason else ""),
        event=WebhookEvent.order_cancelled,
        after_lock=lambda: _give_back(session, order),
    )
    await idempotency.remember(session, principal, key, "orders.cancel", digest, order.id)
    await session.commit()
    return await get_order(session, principal, order.id, zone)


def _check_shortages(
    report: ShortageReport, lines: dict[uuid.UUID, Any], already: Sequence[OrderShortage]
) -> None:
    short: dict[uuid.UUID, int] = {}
    for s in already:
        short[s.line_id] = short.get(s.line_id, 0) + s.quantity
    for item in report.lines:
        line = lines.get(item.line_id)
        if line is None:
            raise ShortageTooLarge(f"line {item.line_id} is not a line of this order")
        short[item.line_id] = short.get(item.line_id, 0) + item.quantity
        if short[item.line_id] > line.quantity:
            raise ShortageTooLarge(
                f"'{line.item_name}': {short[item.line_id]} short of {line.quantity} ordered"
            )
        if item.refunded_fen > item.quantity * line.unit_price_fen:
            raise ShortageTooLarge(
                f"'{line.item_name}': refund {item.refunded_fen} fen is more than the "
                f"{item.quantity * line.unit_price_fen} fen paid for {item.quantity}"
            )
        if item.kind == ShortageKind.substituted and not item.substitute_name.strip():
            raise ReasonRequired("name the substitute (substitute_name)")


async def report_shortages(
    session: AsyncSession,
    principal: Principal,
    order_id: uuid.UUID,
    report: ShortageReport,
    key: str | None,
    zone: ZoneInfo,
) -> OrderJSON:
    """An item substituted or missing, with the amount refunded (never more than was paid)."""
    own_partner_id(principal)
    digest = idempotency.fingerprint(
        "orders.shortage", str(order_id), report.model_dump(mode="json")
    )
    if (
        done := await _replay(session, principal, key, "orders.shortage", digest, zone)
    ) is not None:
        return done
    order = await load_visible_order(session, principal, order_id)
    if order.status not in SHORTAGE_STATUSES:
        raise InvalidStatusChange(
            f"shortages are reported between accepted and delivery, not in '{order.status}'"
        )
    community = [order.community_id]
    lines = {
        ln.id: ln for ln in (await repository.lines_of(session, community, [order.id]))[order.id]
    }
    already = (await repository.shortages_of(session, community, [order.id]))[order.id]
    _check_shortages(report, lines, already)
    refund = sum(item.refunded_fen for item in report.lines)
    notes = []
    for item in report.lines:
        line = lines[item.line_id]
        session.add(
            OrderShortage(
                community_id=order.community_id,
                order_id=order.id,
                line_id=line.id,
                kind=item.kind,
                quantity=item.quantity,
                substitute_name=item.substitute_name.strip(),
                refunded_fen=item.refunded_fen,
                reported_at=utc_now(),
            )
        )
        what = f"换为 {item.substitute_name}" if item.kind == ShortageKind.substituted else "缺货"
        notes.append(f"{line.item_name}×{item.quantity} {what} 退款 {item.refunded_fen} 分")
    await record_change(
        session,
        principal.role.value,
        order,
        {"refunded_fen": HouseholdOrder.refunded_fen + refund},
        TimelineKind.shortage,
        "; ".join(notes),
        event=WebhookEvent.order_shortage_reported,
    )
    await idempotency.remember(session, principal, key, "orders.shortage", digest, order.id)
    await session.commit()
    return await get_order(session, principal, order.id, zone)
