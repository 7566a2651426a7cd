"""The partner feed's two queries, through the driver (see shouhu_common/driver_reads.py): a partner
polls every few seconds, so a poll is one indexed select of its orders after the cursor (with
their round) and one of their lines (with any shortages), rows as plain tuples."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, String, and_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.database import UUID
from shouhu_common.driver_reads import DriverSelect
from supplies.delivery_rounds.models import DeliveryRound
from supplies.orders.models import (
    HouseholdOrder,
    OrderLine,
    OrderShortage,
    OrderStatus,
    PartnerOrderFeed,
)

_o = HouseholdOrder.__table__.c
_r = DeliveryRound.__table__.c
_ln = OrderLine.__table__.c
_s = OrderShortage.__table__.c

ORDER_COLUMNS = (
    _o.id,
    _o.community_id,
    _o.household_id,
    _o.partner_id,
    _r.id,
    _r.delivery_date,
    _r.local_time,
    _o.status,
    _o.delivery_mode,
    _o.door_reason,
    _o.compound,
    _o.building,
    _o.unit,
    _o.floor,
    _o.room,
    _o.total_fen,
    _o.refunded_fen,
    _o.on_behalf,
    _o.note,
    _o.reason,
    _o.carrier,
    _o.handed_over_at,
    _o.group_buy_id,
    _o.change_seq,
    _o.created_at,
    _o.updated_at,
)
LINE_COLUMNS = (
    _ln.order_id,
    _ln.id,
    _ln.item_id,
    _ln.item_name,
    _ln.unit,
    _ln.unit_price_fen,
    _ln.quantity,
    _ln.line_total_fen,
    _s.line_id,
    _s.kind,
    _s.quantity,
    _s.substitute_name,
    _s.refunded_fen,
    _s.reported_at,
)

_orders: dict[tuple[bool, bool], DriverSelect] = {}
_END = DriverSelect(
    select(PartnerOrderFeed.last_seq).where(
        PartnerOrderFeed.community_id == bindparam("community_id", type_=UUID),
        PartnerOrderFeed.partner_id == bindparam("partner_id", type_=UUID),
    )
)
_lines: dict[int, DriverSelect] = {}


def _orders_select(by_round: bool, by_status: bool) -> DriverSelect:
    query = (
        select(*ORDER_COLUMNS)
        .join_from(
            HouseholdOrder.__table__,
            DeliveryRound.__table__,
            and_(_r.community_id == _o.community_id, _r.id == _o.round_id),
        )
        .where(
            _o.community_id == bindparam("community_id", type_=UUID),
            _o.partner_id == bindparam("partner_id", type_=UUID),
            _o.change_seq > bindparam("after", type_=Integer),
        )
    )
    if by_round:
        query = query.where(_o.round_id == bindparam("round_id", type_=UUID))
    if by_status:
        query = query.where(_o.status == bindparam("status", type_=String))
    query = query.order_by(_o.change_seq).limit(bindparam("limit", type_=Integer))
    return DriverSelect(query)


def _lines_select(size: int) -> DriverSelect:
    ids = [bindparam(f"o{n}", type_=UUID) for n in range(size)]
    query = (
        select(*LINE_COLUMNS)
        .outerjoin_from(
            OrderLine.__table__,
            OrderShortage.__table__,
            and_(
                _s.community_id == _ln.community_id,
                _s.order_id == _ln.order_id,
                _s.line_id == _ln.id,
            ),
        )
        .where(_ln.community_id == bindparam("community_id", type_=UUID), _ln.order_id.in_(ids))
        .order_by(_ln.order_id, _ln.position, _s.reported_at)
    )
    return DriverSelect(query)


async def feed_orders(
    session: AsyncSession,
    community_id: uuid.UUID,
    partner_id: uuid.UUID,
    after: int,
    limit: int,
    round_id: uuid.UUID | None,
    status: OrderStatus | None,
) -> list[tuple[Any, ...]]:
    """Rows of ORDER_COLUMNS: the partner's orders changed after `after`, oldest change first."""
    key = (round_id is not None, status is not None)
    query = _orders.get(key) or _orders.setdefault(key, _orders_select(*key))
    return await query.rows(
        session,
        community_id=community_id,
        partner_id=partner_id,
        after=after,
        limit=limit,
        round_id=round_id,
        status=None if status is None else status.value,
    )


async def feed_lines(
    session: AsyncSession, community_id: uuid.UUID, order_ids: Sequence[Any]
) -> list[tuple[Any, ...]]:
    """Rows of LINE_COLUMNS of these orders (one per line and shortage), by order and position."""
    if not order_ids:
        return []
    size = 1 << (len(order_ids) - 1).bit_length()  # a few statement shapes, not one per count
    query = _lines.get(size) or _lines.setdefault(size, _lines_select(size))
    padded = list(order_ids) + [order_ids[-1]] * (size - len(order_ids))
    ids = {f"o{n}": value for n, value in enumerate(padded)}
    return await query.rows(session, community_id=community_id, **ids)


async def feed_end(session: AsyncSession, community_id: uuid.UUID, partner_id: uuid.UUID) -> int:
    """The partner's last feed position handed out (0 before its first order)."""
    row = await _END.first(session, community_id=community_id, partner_id=partner_id)
    return 0 if row is None else int(row[0])
