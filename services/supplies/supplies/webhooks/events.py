"""The catalogue of webhook events: every type a partner can receive, what it means and what it
carries. `enqueue_event` takes only these types, the webhooks routes' OpenAPI description is
written from this table, and the partner guide lists the same (a test keeps them equal).

Every body is `{"id", "type", "created_at", "data"}`; the `id` is the event's, the
`X-Shouhu-Delivery` header the delivery's (one event goes to each active webhook of the partner).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class WebhookEvent(StrEnum):
    order_placed = "order.placed"
    order_cancelled = "order.cancelled"
    order_delivery_mode_changed = "order.delivery_mode_changed"
    order_shortage_reported = "order.shortage_reported"
    order_handed_over = "order.handed_over"
    order_status_changed = "order.status_changed"
    group_buy_combined = "group_buy.combined"
    webhook_ping = "webhook.ping"


@dataclass(frozen=True, slots=True)
class EventDescription:
    meaning: str
    data: str


ORDER = "the order as the feed shows it (`OrderRead`: status, delivery_mode, door_reason, reason, "
ORDER += "shortages, refunded_fen, cursor …)"

CATALOGUE: dict[WebhookEvent, EventDescription] = {
    WebhookEvent.order_placed: EventDescription(
        "A household ordered from you (a resident, or staff or a grid worker for a household). "
        "Accept or reject it.",
        ORDER,
    ),
    WebhookEvent.order_cancelled: EventDescription(
        "The resident or community staff cancelled the order before you accepted it (why: "
        "`reason`). Do not pack it; its stock and round place are already given back.",
        ORDER,
    ),
    WebhookEvent.order_delivery_mode_changed: EventDescription(
        "The household was put under home quarantine or sealed (`delivery_mode` `door`, why: "
        "`door_reason`), or released (back to `gate`). Pack and route it for the new mode.",
        ORDER,
    ),
    WebhookEvent.order_shortage_reported: EventDescription(
        "A shortage was recorded on the order: items substituted or missing and the amount "
        "refunded (`shortages`, `refunded_fen`). Settle the refund.",
        ORDER,
    ),
    WebhookEvent.order_handed_over: EventDescription(
        "Community workers carried a door order up from the gate and confirmed the no-contact "
        "hand-over (`status` `delivered_door`, `carrier`, `handed_over_at`). The order is done.",
        ORDER,
    ),
    WebhookEvent.order_status_changed: EventDescription(
        "The order moved through the status machine by your own call (accepted, rejected, packed, "
        "out_for_delivery, delivered_gate), for your other systems.",
        ORDER,
    ),
    WebhookEvent.group_buy_combined: EventDescription(
        "Staff combined the round's orders into one group-buy for you (again: orders placed "
        "since were added). Pick and deliver it as one; `GET /group-buys/{id}` splits it back.",
        "the group-buy (`GroupBuyRead`: id, round_id, partner_id, orders, total_fen)",
    ),
    WebhookEvent.webhook_ping: EventDescription(
        "The test call (`POST /webhooks/{id}/test`): nothing to do but answer 2xx.",
        '`{"webhook_id"}`',
    ),
}


def catalogue_markdown() -> str:
    """The catalogue as the OpenAPI description shows it."""
    return "\n".join(
        f"- `{event}`: {about.meaning} `data`: {about.data}." for event, about in CATALOGUE.items()
    )
