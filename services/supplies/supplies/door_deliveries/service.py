"""Door deliveries for quarantined households: the pick list of a round by compound → building →
unit → floor, who carries each, and the no-contact hand-over at the door. A grid worker's pick
list, carriers and hand-overs cover only the households of their grid."""

from __future__ import annotations

import functools
import re
import uuid
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from supplies.delivery_rounds.service import load_visible_round
from supplies.door_deliveries import repository
from supplies.door_deliveries.errors import NotADoorDelivery
from supplies.door_deliveries.schemas import CarrierAssigned, CarrierAssignment, HandOver
from supplies.grid_areas.scope import grid_scope
from supplies.household_directory import repository as directory
from supplies.idempotency import repository as idempotency
from supplies.orders.errors import InvalidStatusChange
from supplies.orders.fulfilment import record_change
from supplies.orders.models import DeliveryMode, OrderStatus, TimelineKind
from supplies.orders.service import OrderJSON, get_order, load_visible_order
from supplies.webhooks.events import WebhookEvent

HAND_OVER_FROM = (OrderStatus.out_for_delivery, OrderStatus.delivered_gate)
_DIGITS = re.compile(r"(\d+)")


@functools.lru_cache(maxsize=4096)
def natural(text: str) -> tuple[Any, ...]:
    """'2栋' before '10栋'."""
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))


def _place(row: tuple[Any, ...]) -> tuple[Any, ...]:
    _id, _household, _partner, compound, building, unit, floor, room, *_ = row
    return (natural(compound), natural(building), unit, floor, natural(room))


async def pick_list(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID
) -> dict[str, Any]:
    """A `PickList`, as plain dicts serialized once (a round can hold thousands of doors)."""
    delivery_round = await load_visible_round(session, principal, round_id)
    rows = await repository.door_orders(session, delivery_round)
    grid = await grid_scope(session, principal)
    if grid.bounded:  # the driver reads take no list, so the grid is applied to their rows
        inside = await directory.households_in(session, delivery_round.community_id, grid)
        # UUIDs come back from a driver read as text on SQLite (shouhu_common/driver_reads.py)
        texts = {str(h) for h in inside}
        rows = [row for row in rows if str(row[1]) in texts]
    items: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for order_id, name, unit, quantity in await repository.door_order_lines(
        session, delivery_round
    ):
        items[order_id].append({"name": name, "unit": unit, "quantity": quantity})
    tree: dict[str, dict[str, dict[int, dict[int, list[dict[str, Any]]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    )
    handed_over = 0
    for (
        order_id, household_id, partner_id, compound, building, unit, floor, room,
        status, door_reason, carrier, handed_over_at,
    ) in sorted(rows, key=_place):  # fmt: skip
        handed_over += status == OrderStatus.delivered_door
        tree[compound][building][unit][floor].append(
            {
                "order_id": order_id,
                "household_id": household_id,
                "partner_id": partner_id,
                "room": room,
                "status": status,
                "door_reason": door_reason,
                "carrier": carrier,
                "handed_over_at": handed_over_at,
                "items": items[order_id],
            }
        )
    compounds = [
        {
            "compound": compound,
            "buildings": [
                {
                    "building": building,
                    "door_orders": sum(
                        len(e) for floors in units.values() for e in floors.values()
                    ),
                    "units": [
                        {
                            "unit": unit,
                            "floors": [{"floor": f, "entries": e} for f, e in floors.items()],
                        }
                        for unit, floors in units.items()
                    ],
                }
                for building, units in buildings.items()
            ],
        }
        for compound, buildings in tree.items()
    ]
    return {
        "round_id": delivery_round.id,
        "delivery_date": delivery_round.delivery_date,
        "local_time": delivery_round.local_time,
        "door_orders": len(rows),
        "handed_over": handed_over,
        "compounds": compounds,
    }


async def assign_carrier(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID, data: CarrierAssignment
) -> CarrierAssigned:
    delivery_round = await load_visible_round(session, principal, round_id)
    assigned = await repository.assign_carrier(
        session,
        delivery_round,
        data.compound,
        data.building,
        data.unit,
        data.carrier,
        await grid_scope(session, principal),
    )
    await session.commit()
    return CarrierAssigned(assigned=assigned)


async def hand_over(
    session: AsyncSession,
    principal: Principal,
    order_id: uuid.UUID,
    data: HandOver,
    key: str | None,
    zone: ZoneInfo,
) -> OrderJSON:
    """The carrier confirms the parcel was left at the door (no contact)."""
    digest = idempotency.fingerprint("orders.hand_over", str(order_id), data.model_dump())
    done = await idempotency.replayed(session, principal, key, "orders.hand_over", digest)
    if done is not None:
        return await get_order(session, principal, done, zone)
    order = await load_visible_order(session, principal, order_id)
    if order.delivery_mode != DeliveryMode.door:
        raise NotADoorDelivery()
    if order.status not in HAND_OVER_FROM:
        raise InvalidStatusChange(f"an order in '{order.status}' cannot be handed over at the door")
    note = "已送到家门口（无接触）delivered to the door, no contact"
    await record_change(
        session,
        principal.role.value,
        order,
        {
            "status": OrderStatus.delivered_door,
            "handed_over_at": utc_now(),
            "handed_over_by": principal.subject,
            "carrier": order.carrier or principal.name or principal.role.value,
        },
        TimelineKind.status,
        f"{note}: {data.note}" if data.note else note,
        event=WebhookEvent.order_handed_over,
    )
    await idempotency.remember(session, principal, key, "orders.hand_over", digest, order.id)
    await session.commit()
    return await get_order(session, principal, order.id, zone)
