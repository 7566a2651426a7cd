"""The rows a placement writes (the order, its lines, its timeline entry, its webhook
notifications) and the answer it gives, priced from the catalog rows it read. Every row is built
from its model's columns (`table_row`): a column left out takes its default, and a new column
without one fails here rather than being missed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from shouhu_common.clock import utc_now
from shouhu_common.driver_writes import table_row
from shouhu_common.identity import Principal, Role
from supplies.orders import placement_reads as reads
from supplies.orders.models import (
    DeliveryMode,
    HouseholdOrder,
    OrderLine,
    OrderStatus,
    OrderTimelineEntry,
    TimelineKind,
)
from supplies.orders.schemas import OrderCreate
from supplies.orders.service import OrderJSON, order_read
from supplies.webhooks.events import WebhookEvent
from supplies.webhooks.models import DeliveryState, WebhookDelivery
from supplies.webhooks.repository import event_body


@dataclass(slots=True)
class PlacedOrder:
    now: datetime
    order: dict[str, Any]  # change_seq 0 until the store takes the partner's feed position
    lines: list[dict[str, Any]]
    timeline: dict[str, Any]
    body: OrderJSON  # the answer, without its timeline

    def notifications(self, seq: int, hooks: list[Any]) -> list[dict[str, Any]]:
        """The order's notification, one per active webhook of the partner (read in the
        transaction that writes the order, so it exists exactly when the order does); the
        answer's cursor becomes the order's feed position."""
        self.body["cursor"] = str(seq)
        if not hooks:
            return []
        at = utc_now()
        payload = event_body(WebhookEvent.order_placed, self.body, at)
        return [
            table_row(
                WebhookDelivery.__table__,
                id=uuid.uuid4(),
                community_id=self.order["community_id"],
                webhook_id=hook,
                partner_id=self.order["partner_id"],
                event_type=WebhookEvent.order_placed.value,
                payload=payload,
                state=DeliveryState.pending.value,
                next_attempt_at=at,
                created_at=at,
            )
            for hook in hooks
        ]


def priced_order(
    principal: Principal,
    data: OrderCreate,
    household_id: uuid.UUID,
    partner: reads.PartnerRow,
    target: reads.TargetRow,
    found: reads.RoundRow,
    items: dict[uuid.UUID, reads.ItemRow],
) -> PlacedOrder:
    """The order at the catalog's prices, delivered to the door when the household's status asks
    for it, else at the gate, to the address the household has now."""
    now = utc_now()
    door = bool(target.door_delivery)
    order_id = uuid.uuid4()
    lines = [
        table_row(
            OrderLine.__table__,
            id=uuid.uuid4(),
            community_id=target.community_id,
            order_id=order_id,
            item_id=item.id,
            item_name=item.name,
            unit=item.unit,
            unit_price_fen=item.price_fen,
            quantity=line.quantity,
            line_total_fen=item.price_fen * line.quantity,
            position=position,
        )
        for position, line in enumerate(data.lines)
        for item in (items[line.item_id],)
    ]
    on_behalf = principal.role != Role.resident
    door_reason = target.reason if door and target.reason is not None else ""
    order = table_row(
        HouseholdOrder.__table__,
        id=order_id,
        community_id=target.community_id,
        household_id=household_id,
        partner_id=partner.id,
        round_id=found.id,
        status=OrderStatus.placed.value,
        delivery_mode=(DeliveryMode.door if door else DeliveryMode.gate).value,
        door_reason=door_reason,
        compound=target.compound,
        building=target.building,
        unit=target.unit,
        floor=target.floor,
        room=target.room,
        placed_by=principal.subject,
        placed_by_role=principal.role.value,
        on_behalf=on_behalf,
        note=data.note,
        total_fen=sum(ln["line_total_fen"] for ln in lines),
        change_seq=0,
        created_at=now,
        updated_at=now,
    )
    timeline = table_row(
        OrderTimelineEntry.__table__,
        id=uuid.uuid4(),
        community_id=target.community_id,
        order_id=order_id,
        kind=TimelineKind.status.value,
        status=OrderStatus.placed.value,
        note=("工作人员代下单 placed on behalf" if on_behalf else "居民下单 placed")
        + (f"; 送货上门 door delivery: {door_reason}" if door else ""),
        actor_role=principal.role.value,
        at=now,
    )
    body = order_read(SimpleNamespace(**order), [SimpleNamespace(**ln) for ln in lines], [], found)
    return PlacedOrder(now, order, lines, timeline, body)
