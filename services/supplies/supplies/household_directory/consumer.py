"""Consumer of the registry's household events: `household.quarantined` switches the household to
door delivery, `household.released` back to the gate drop point, for new orders and for its open
orders (also when the quarantine starts after an order was placed). The order shows why.

Idempotent and order-tolerant: an event already applied, or older than the last one applied, changes
nothing, so at-least-once delivery in any order ends in the registry's latest state (the inbox
of `supplies/events.py` already drops re-deliveries; the time check covers reordering).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.events import Event
from supplies.household_directory import repository
from supplies.household_directory.models import HouseholdDeliveryStatus
from supplies.orders import repository as orders
from supplies.orders.fulfilment import record_change
from supplies.orders.models import DeliveryMode, OrderStatus, TimelineKind
from supplies.webhooks.events import WebhookEvent

QUARANTINED = "household.quarantined"
RELEASED = "household.released"
EVENT_TYPES = frozenset({QUARANTINED, RELEASED})
DOOR_STATUSES = frozenset({"home_quarantine", "sealed"})
OPEN = (OrderStatus.placed, OrderStatus.accepted, OrderStatus.packed, OrderStatus.out_for_delivery)
# A parcel left at the gate this recently is carried to the door if the household is now shut in.
GATE_PARCEL_WINDOW = timedelta(hours=24)
ACTOR = "system"


@dataclass(frozen=True, slots=True)
class HouseholdEvent:
    event_id: str
    type: str
    occurred_at: datetime
    household_id: uuid.UUID
    community_id: uuid.UUID
    door: bool
    reason: str = ""
    address: dict[str, Any] = field(default_factory=dict)


def household_event(event: Event) -> HouseholdEvent:
    """Reads the registry's envelope (see registry/events.py): payload `{household_id,
    community_id, status, quarantine_end_date}`; address fields, when present, update the
    directory. A sealed household keeps door delivery even after its quarantine ends."""
    payload = event.payload
    status = str(payload.get("status") or "")
    door = status in DOOR_STATUSES if status else event.topic == QUARANTINED
    address = {k: payload[k] for k in repository.ADDRESS_FIELDS if k in payload}
    return HouseholdEvent(
        event_id=str(event.event_id),
        type=event.topic,
        occurred_at=event.occurred_at,
        household_id=uuid.UUID(str(payload["household_id"])),
        community_id=uuid.UUID(str(payload["community_id"])),
        door=door,
        reason=_reason(status, payload.get("quarantine_end_date"), payload.get("reason")),
        address=address if len(address) == len(repository.ADDRESS_FIELDS) else {},
    )


def _reason(status: str, end_date: object, extra: object) -> str:
    if status == "sealed":
        base = "封控 sealed"
    else:
        base = "居家隔离 home quarantine"
        if end_date:
            base += f" 至 until {end_date}"
    return f"{base}: {extra}"[:200] if extra else base


async def handle_household_event(session: AsyncSession, event: Event) -> None:
    """The `EventConsumer` handler (the consumer records the inbox row and commits)."""
    await apply_household_event(session, household_event(event))


async def apply_household_event(session: AsyncSession, event: HouseholdEvent) -> bool:
    """Applies one event in the caller's transaction (no commit); False when it was a duplicate
    or older than the state already applied (nothing changed)."""
    if event.type not in EVENT_TYPES:
        return False
    status = await repository.get_delivery_status(session, event.household_id)
    if status is not None and (
        status.last_event_id == event.event_id or status.changed_at > event.occurred_at
    ):
        return False
    reason = event.reason if event.door else ""
    if status is None:
        status = HouseholdDeliveryStatus(household_id=event.household_id)
        repository.add_delivery_status(session, status)
    status.community_id = event.community_id
    status.door_delivery = event.door
    status.reason = reason
    status.changed_at = event.occurred_at
    status.last_event_id = event.event_id
    if event.address:
        await repository.upsert_entries(
            session,
            [
                {
                    "household_id": event.household_id,
                    "community_id": event.community_id,
                    "source": "event",
                    **event.address,
                }
            ],
        )
    await _redirect_orders(session, event.household_id, event.door, reason)
    return True


async def _redirect_orders(
    session: AsyncSession, household_id: uuid.UUID, door: bool, reason: str
) -> None:
    since = utc_now() - GATE_PARCEL_WINDOW
    for order in await orders.orders_for_delivery_change(session, household_id, OPEN, since):
        if door and order.delivery_mode == DeliveryMode.gate:
            values = {"delivery_mode": DeliveryMode.door, "door_reason": reason}
            note = f"改为送货上门 switched to door delivery: {reason}"
        elif not door and order.delivery_mode == DeliveryMode.door and order.status in OPEN:
            values = {"delivery_mode": DeliveryMode.gate, "door_reason": ""}
            note = "隔离解除，改回小区门口取货点 quarantine ended: back to the gate drop point"
        else:
            continue
        await record_change(
            session,
            ACTOR,
            order,
            values,
            TimelineKind.delivery_mode,
            note,
            event=WebhookEvent.order_delivery_mode_changed,
        )
