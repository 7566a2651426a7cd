"""Reading orders: a resident sees their household's, staff their communities', a grid worker
those of their grid's households, a partner only its own (another's is not found). The partner
feed lists changes after a cursor, in order."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import PageParams
from supplies.access import community_scope, own_partner_id, partner_community
from supplies.delivery_rounds.models import DeliveryRound
from supplies.grid_areas.scope import UNBOUNDED, GridScope, admits_household, grid_scope
from supplies.orders import feed_repository, repository
from supplies.orders.errors import FeedCursorAhead, OrderNotFound
from supplies.orders.models import HouseholdOrder, OrderLine, OrderShortage, OrderStatus
from supplies.orders.repository import OrderFilter

OrderJSON = dict[str, Any]


def order_read(
    order: HouseholdOrder | Any,
    lines: Sequence[OrderLine | Any],
    shortages: Sequence[OrderShortage | Any],
    delivery_round: DeliveryRound | Any,
) -> OrderJSON:
    """The order as `OrderRead` documents it, as a plain dict serialized once by orjson: the
    partner feed builds up to 500 of these per call, and pydantic models cost more than the query.
    tests/supplies/test_openapi.py validates these dicts against the schemas."""
    return {
        "id": order.id,
        "community_id": order.community_id,
        "household_id": order.household_id,
        "partner_id": order.partner_id,
        "round": {
            "id": delivery_round.id,
            "delivery_date": delivery_round.delivery_date,
            "local_time": delivery_round.local_time,
        },
        "status": order.status,
        "delivery_mode": order.delivery_mode,
        "door_reason": order.door_reason,
        "address": {
            "compound": order.compound,
            "building": order.building,
            "unit": order.unit,
            "floor": order.floor,
            "room": order.room,
        },
        "lines": [
            {
                "id": ln.id,
                "item_id": ln.item_id,
                "item_name": ln.item_name,
                "unit": ln.unit,
                "unit_price_fen": ln.unit_price_fen,
                "quantity": ln.quantity,
                "line_total_fen": ln.line_total_fen,
            }
            for ln in lines
        ],
        "shortages": [
            {
                "line_id": s.line_id,
                "kind": s.kind,
                "quantity": s.quantity,
                "substitute_name": s.substitute_name,
                "refunded_fen": s.refunded_fen,
                "reported_at": s.reported_at,
            }
            for s in shortages
        ],
        "total_fen": order.total_fen,
        "refunded_fen": order.refunded_fen,
        "payable_fen": order.total_fen - order.refunded_fen,
        "on_behalf": order.on_behalf,
        "note": order.note,
        "reason": order.reason,
        "carrier": order.carrier,
        "handed_over_at": order.handed_over_at,
        "group_buy_id": order.group_buy_id,
        "cursor": str(order.change_seq),
        "created_at": order.created_at,
        "updated_at": order.updated_at,
    }


def timeline_entry(
    kind: str, status: str, note: str, actor_role: str, at: Any, zone: ZoneInfo
) -> OrderJSON:
    return {
        "kind": kind,
        "status": status,
        "note": note,
        "actor_role": actor_role,
        "at": at,
        "local_time": at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
    }


async def order_reads(
    session: AsyncSession, orders: Sequence[HouseholdOrder | Any]
) -> list[OrderJSON]:
    ids = [o.id for o in orders]
    communities = {o.community_id for o in orders}
    lines = await repository.lines_of(session, communities, ids)
    shortages = await repository.shortages_of(session, communities, ids)
    rounds = await repository.rounds_of(session, communities, [o.round_id for o in orders])
    return [order_read(o, lines[o.id], shortages[o.id], rounds[o.round_id]) for o in orders]


def may_see(principal: Principal, order: HouseholdOrder) -> bool:
    if principal.role == Role.partner:
        return order.partner_id == principal.partner_id
    if principal.role == Role.resident:
        return order.household_id == principal.household_id
    return principal.in_community(order.community_id)


async def load_visible_order(
    session: AsyncSession, principal: Principal, order_id: uuid.UUID
) -> HouseholdOrder:
    order = await repository.get_order(session, order_id)
    if order is None or not may_see(principal, order):
        raise OrderNotFound()
    if not await admits_household(session, principal, order.household_id):
        raise OrderNotFound()
    return order


def scoped_filter(
    principal: Principal, flt: OrderFilter, grid: GridScope = UNBOUNDED
) -> OrderFilter:
    household_id, partner_id = flt.household_id, flt.partner_id
    communities = community_scope(principal)
    if principal.role == Role.partner:
        partner_id, communities = own_partner_id(principal), None
    elif principal.role == Role.resident:
        household_id = principal.household_id
    return OrderFilter(
        community_ids=communities,
        household_id=household_id,
        partner_id=partner_id,
        round_id=flt.round_id,
        status=flt.status,
        grid=grid,
    )


async def list_orders(
    session: AsyncSession, principal: Principal, flt: OrderFilter, page: PageParams
) -> OrderJSON:
    """An `OrderPage`."""
    flt = scoped_filter(principal, flt, await grid_scope(session, principal))
    total = await repository.count_orders(session, flt)
    orders = await repository.list_orders(session, flt, page.limit, page.offset)
    items = await order_reads(session, orders)
    return {"items": items, "total": total, "limit": page.limit, "offset": page.offset}


async def order_feed(
    session: AsyncSession,
    principal: Principal,
    after: int,
    limit: int,
    round_id: uuid.UUID | None,
    status: OrderStatus | None,
) -> OrderJSON:
    """An `OrderFeed`: orders placed or changed after the cursor, oldest change first. A cursor
    past the feed's end is refused with the end (`feed_end`), never answered with nothing."""
    partner_id, community_id = own_partner_id(principal), partner_community(principal)
    orders = await feed_repository.feed_orders(
        session, community_id, partner_id, after, limit, round_id, status
    )
    if (
        not orders
        and after
        and after > (end := await feed_repository.feed_end(session, community_id, partner_id))
    ):
        raise FeedCursorAhead(
            f"cursor {after} is beyond the end of your feed ({end}); continue from `feed_end`",
            feed_end=str(end),
        )
    lines = await feed_repository.feed_lines(session, community_id, [o[0] for o in orders])
    next_cursor = orders[-1][23] if orders else after
    return {"items": feed_reads(orders, lines), "next_cursor": str(next_cursor)}


def feed_reads(
    orders: Sequence[tuple[Any, ...]], lines: Sequence[tuple[Any, ...]]
) -> list[OrderJSON]:
    """`order_read` of the feed's plain rows (feed_repository.ORDER_COLUMNS, LINE_COLUMNS)."""
    by_order: dict[Any, list[OrderJSON]] = {}
    shortages: dict[Any, list[OrderJSON]] = {}
    for order_id, line_id, item_id, name, unit, price, quantity, total, *short in lines:
        order_lines = by_order.setdefault(order_id, [])
        if not order_lines or order_lines[-1]["id"] != line_id:
            order_lines.append(
                {
                    "id": line_id,
                    "item_id": item_id,
                    "item_name": name,
                    "unit": unit,
                    "unit_price_fen": price,
                    "quantity": quantity,
                    "line_total_fen": total,
                }
            )
        if short[0] is not None:
            shortages.setdefault(order_id, []).append(
                {
                    "line_id": short[0],
                    "kind": short[1],
                    "quantity": short[2],
                    "substitute_name": short[3],
                    "refunded_fen": short[4],
                    "reported_at": short[5],
                }
            )
    out = []
    for (
        order_id, community_id, household_id, partner_id, round_id, delivery_date, local_time,
        status, delivery_mode, door_reason, compound, building, unit, floor, room,
        total_fen, refunded_fen, on_behalf, note, reason, carrier, handed_over_at,
        group_buy_id, change_seq, created_at, updated_at,
    ) in orders:  # fmt: skip
        out.append(
            {
                "id": order_id,
                "community_id": community_id,
                "household_id": household_id,
                "partner_id": partner_id,
                "round": {"id": round_id, "delivery_date": delivery_date, "local_time": local_time},
                "status": status,
                "delivery_mode": delivery_mode,
                "door_reason": door_reason,
                "address": {
                    "compound": compound,
                    "building": building,
                    "unit": unit,
                    "floor": floor,
                    "room": room,
                },
                "lines": by_order.get(order_id, []),
                "shortages": sorted(shortages.get(order_id, ()), key=lambda s: s["reported_at"]),
                "total_fen": total_fen,
                "refunded_fen": refunded_fen,
                "payable_fen": total_fen - refunded_fen,
                "on_behalf": on_behalf,
                "note": note,
                "reason": reason,
                "carrier": carrier,
                "handed_over_at": handed_over_at,
                "group_buy_id": group_buy_id,
                "cursor": str(change_seq),
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
    return out


async def get_order(
    session: AsyncSession, principal: Principal, order_id: uuid.UUID, zone: ZoneInfo
) -> OrderJSON:
    """An `OrderDetail`: the order and its tracking timeline."""
    order = await load_visible_order(session, principal, order_id)
    (read,) = await order_reads(session, [order])
    entries = await repository.timeline(session, order.community_id, order.id)
    read["timeline"] = [
        timeline_entry(e.kind, e.status, e.note, e.actor_role, e.at, zone) for e in entries
    ]
    return read
