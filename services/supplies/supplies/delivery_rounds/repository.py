"""Queries of delivery rounds and of each partner's load in a round."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from supplies.delivery_rounds.models import DeliveryRound, RoundPartnerLoad


async def get_round(session: AsyncSession, round_id: uuid.UUID) -> DeliveryRound | None:
    return await session.get(DeliveryRound, round_id)


async def find_round(
    session: AsyncSession, community_id: uuid.UUID, delivers_at: datetime
) -> DeliveryRound | None:
    query = select(DeliveryRound).where(
        DeliveryRound.community_id == community_id, DeliveryRound.delivers_at == delivers_at
    )
    return (await session.scalars(query)).first()


async def list_rounds(
    session: AsyncSession,
    community_ids: Sequence[uuid.UUID] | None,
    first: date,
    last: date,
) -> Sequence[DeliveryRound]:
    query = select(DeliveryRound).where(
        DeliveryRound.delivery_date >= first, DeliveryRound.delivery_date <= last
    )
    if community_ids is not None:
        query = query.where(DeliveryRound.community_id.in_(community_ids))
    return (await session.scalars(query.order_by(DeliveryRound.delivers_at).limit(500))).all()


async def loads(
    session: AsyncSession, rounds: Sequence[DeliveryRound], partner_id: uuid.UUID
) -> dict[uuid.UUID, int]:
    if not rounds:
        return {}
    query = select(RoundPartnerLoad.round_id, RoundPartnerLoad.order_count).where(
        RoundPartnerLoad.community_id.in_({r.community_id for r in rounds}),
        RoundPartnerLoad.round_id.in_([r.id for r in rounds]),
        RoundPartnerLoad.partner_id == partner_id,
    )
    rows = (await session.execute(query)).all()
    return {row[0]: row[1] for row in rows}


async def open_rounds_after(
    session: AsyncSession, community_id: uuid.UUID, partner_id: uuid.UUID, now: datetime
) -> list[tuple[DeliveryRound, int]]:
    """Rounds still taking orders, soonest first, with the partner's load in each."""
    query = (
        select(DeliveryRound, func.coalesce(RoundPartnerLoad.order_count, 0))
        .outerjoin(
            RoundPartnerLoad,
            (RoundPartnerLoad.community_id == DeliveryRound.community_id)
            & (RoundPartnerLoad.round_id == DeliveryRound.id)
            & (RoundPartnerLoad.partner_id == partner_id),
        )
        .where(
            DeliveryRound.community_id == community_id,
            DeliveryRound.closed.is_(False),
            DeliveryRound.cutoff_at > now,
        )
        .order_by(DeliveryRound.delivers_at)
        .limit(50)
    )
    return [(r, int(n)) for r, n in (await session.execute(query)).all()]


async def reserve_place(session: AsyncSession, found: DeliveryRound, partner_id: uuid.UUID) -> bool:
    """Counts one more order of the partner in the round unless the round is full for it.
    A conditional UPDATE (row lock on PostgreSQL, the write lock on SQLite) keeps the capacity
    under concurrent orders."""
    community_id, round_id, capacity = found.community_id, found.id, found.capacity_per_partner
    for _ in range(2):
        result = await session.execute(
            update(RoundPartnerLoad)
            .where(
                RoundPartnerLoad.community_id == community_id,
                RoundPartnerLoad.round_id == round_id,
                RoundPartnerLoad.partner_id == partner_id,
                RoundPartnerLoad.order_count < capacity,
            )
            .values(order_count=RoundPartnerLoad.order_count + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            return True
        exists = await session.scalar(
            select(RoundPartnerLoad.order_count).where(
                RoundPartnerLoad.community_id == community_id,
                RoundPartnerLoad.round_id == round_id,
                RoundPartnerLoad.partner_id == partner_id,
            )
        )
        if exists is not None:
            return False
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        await session.execute(
            dialect.insert(RoundPartnerLoad)
            .values(
                community_id=community_id, round_id=round_id, partner_id=partner_id, order_count=0
            )
            .on_conflict_do_nothing()
        )
    return False


async def release_place(
    session: AsyncSession, community_id: uuid.UUID, round_id: uuid.UUID, partner_id: uuid.UUID
) -> None:
    await session.execute(
        update(RoundPartnerLoad)
        .where(
            RoundPartnerLoad.community_id == community_id,
            RoundPartnerLoad.round_id == round_id,
            RoundPartnerLoad.partner_id == partner_id,
            RoundPartnerLoad.order_count > 0,
        )
        .values(order_count=RoundPartnerLoad.order_count - 1)
        .execution_options(synchronize_session=False)
    )
