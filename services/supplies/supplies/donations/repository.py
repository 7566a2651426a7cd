"""Queries of donations, their uses, and the public totals."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from supplies.community_stock.models import StockItem
from supplies.donations.models import Donation, DonationKind, DonationUse


async def get_donation(session: AsyncSession, donation_id: uuid.UUID) -> Donation | None:
    return await session.get(Donation, donation_id)


async def count_donations(session: AsyncSession, community_ids: Sequence[uuid.UUID] | None) -> int:
    query = select(func.count(Donation.id))
    if community_ids is not None:
        query = query.where(Donation.community_id.in_(community_ids))
    return int((await session.execute(query)).scalar_one())


async def list_donations(
    session: AsyncSession, community_ids: Sequence[uuid.UUID] | None, limit: int, offset: int
) -> Sequence[Donation]:
    query = select(Donation).order_by(Donation.received_at.desc(), Donation.id)
    if community_ids is not None:
        query = query.where(Donation.community_id.in_(community_ids))
    return (await session.scalars(query.limit(limit).offset(offset))).all()


async def uses_of(
    session: AsyncSession, donation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[DonationUse]]:
    out: dict[uuid.UUID, list[DonationUse]] = defaultdict(list)
    if donation_ids:
        query = (
            select(DonationUse)
            .where(DonationUse.donation_id.in_(donation_ids))
            .order_by(DonationUse.used_at)
        )
        for use in (await session.scalars(query)).all():
            out[use.donation_id].append(use)
    return out


async def used_amount(session: AsyncSession, donation_id: uuid.UUID) -> int:
    query = select(func.coalesce(func.sum(DonationUse.amount_fen), 0)).where(
        DonationUse.donation_id == donation_id
    )
    return int((await session.execute(query)).scalar_one())


async def totals(session: AsyncSession, community_id: uuid.UUID) -> Any:
    query = select(
        func.count(Donation.id),
        func.coalesce(func.sum(func.coalesce(Donation.amount_fen, 0)), 0),
        func.count(Donation.id).filter(Donation.donor_name.is_(None)),
    ).where(Donation.community_id == community_id)
    return (await session.execute(query)).one()


async def goods_totals(session: AsyncSession, community_id: uuid.UUID) -> Sequence[Any]:
    query = (
        select(StockItem.name, StockItem.unit, func.sum(Donation.quantity))
        .join(StockItem, StockItem.id == Donation.stock_item_id)
        .where(Donation.community_id == community_id, Donation.kind == DonationKind.goods)
        .group_by(StockItem.name, StockItem.unit)
        .order_by(StockItem.name)
    )
    return (await session.execute(query)).all()


async def use_totals(session: AsyncSession, community_id: uuid.UUID) -> Sequence[Any]:
    query = (
        select(DonationUse.purpose, func.sum(DonationUse.amount_fen))
        .join(Donation, Donation.id == DonationUse.donation_id)
        .where(Donation.community_id == community_id)
        .group_by(DonationUse.purpose)
        .order_by(DonationUse.purpose)
    )
    return (await session.execute(query)).all()


async def lock_donation(session: AsyncSession, donation_id: uuid.UUID) -> None:
    await session.execute(
        update(Donation)
        .where(Donation.id == donation_id)
        .values(amount_fen=Donation.amount_fen)
        .execution_options(synchronize_session=False)
    )
