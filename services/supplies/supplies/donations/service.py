"""Donations: recorded by staff (anonymous donors allowed), goods into community stock, money
spent by recorded uses never beyond the gift; the public summary carries no donor's data."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams
from supplies.access import community_scope
from supplies.community_stock import repository as stock
from supplies.community_stock.models import MovementKind, StockMovement
from supplies.donations import repository
from supplies.donations.errors import DonationNotFound, DonationOverspent, InvalidDonation
from supplies.donations.models import Donation, DonationKind, DonationUse
from supplies.donations.schemas import (
    DonationCreate,
    DonationRead,
    DonationSummary,
    DonationUseCreate,
    DonationUseRead,
    GoodsTotal,
    PurposeTotal,
)
from supplies.idempotency import repository as idempotency


def _read(d: Donation, uses: list[DonationUse]) -> DonationRead:
    return DonationRead(
        id=d.id,
        community_id=d.community_id,
        kind=d.kind,
        donor_name=d.donor_name,
        anonymous=d.donor_name is None,
        amount_fen=d.amount_fen,
        stock_item_id=d.stock_item_id,
        quantity=d.quantity,
        description=d.description,
        received_at=d.received_at,
        uses=[DonationUseRead.model_validate(u) for u in uses],
    )


async def _load(session: AsyncSession, principal: Principal, donation_id: uuid.UUID) -> Donation:
    found = await repository.get_donation(session, donation_id)
    if found is None or not principal.in_community(found.community_id):
        raise DonationNotFound()
    return found


async def record_donation(
    session: AsyncSession, principal: Principal, data: DonationCreate, key: str | None
) -> DonationRead:
    digest = idempotency.fingerprint("donations.record", data.model_dump(mode="json"))
    done = await idempotency.replayed(session, principal, key, "donations.record", digest)
    if done is not None:
        found = await _load(session, principal, done)
        return _read(found, (await repository.uses_of(session, [found.id]))[found.id])
    if not principal.in_community(data.community_id):
        raise DonationNotFound("unknown community")
    if data.kind == DonationKind.money and (data.amount_fen <= 0 or data.stock_item_id):
        raise InvalidDonation("a money donation has an amount_fen and no goods")
    if data.kind == DonationKind.goods:
        if data.stock_item_id is None or data.quantity <= 0 or data.amount_fen:
            raise InvalidDonation("a goods donation names a stock_item_id and a quantity")
        item = await stock.get_item(session, data.stock_item_id)
        if item is None or item.community_id != data.community_id:
            raise InvalidDonation("the stock item is not this community's")
    donor = (data.donor_name or "").strip() or None
    donation = Donation(
        id=uuid.uuid4(),
        community_id=data.community_id,
        kind=data.kind,
        donor_name=donor,
        amount_fen=data.amount_fen,
        stock_item_id=data.stock_item_id,
        quantity=data.quantity,
        description=data.description,
        received_at=data.received_at or utc_now(),
        recorded_by=principal.subject,
    )
    session.add(donation)
    await session.flush()
    if data.kind == DonationKind.goods and data.stock_item_id is not None:
        stock.add_movement(
            session,
            StockMovement(
                community_id=data.community_id,
                stock_item_id=data.stock_item_id,
                kind=MovementKind.donated,
                quantity=data.quantity,
                reason=f"捐赠 {data.description}"[:200],
                source_id=donation.id,
                recorded_by=principal.subject,
                recorded_at=utc_now(),
            ),
        )
    await idempotency.remember(session, principal, key, "donations.record", digest, donation.id)
    await session.commit()
    return _read(donation, [])


async def record_use(
    session: AsyncSession, principal: Principal, donation_id: uuid.UUID, data: DonationUseCreate
) -> DonationRead:
    donation = await _load(session, principal, donation_id)
    if donation.kind != DonationKind.money:
        raise InvalidDonation("goods are traced through the community stock movements")
    await repository.lock_donation(session, donation.id)  # two uses cannot both spend the rest
    used = await repository.used_amount(session, donation.id)
    if used + data.amount_fen > donation.amount_fen:
        raise DonationOverspent(f"{donation.amount_fen - used} fen left of this donation")
    session.add(
        DonationUse(
            donation_id=donation.id,
            amount_fen=data.amount_fen,
            purpose=data.purpose.strip(),
            recorded_by=principal.subject,
        )
    )
    await session.commit()
    return _read(donation, (await repository.uses_of(session, [donation.id]))[donation.id])


async def list_donations(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None, page: PageParams
) -> Page[DonationRead]:
    scope = community_scope(principal)
    if community_id is not None:
        scope = [community_id] if scope is None or community_id in scope else []
    total = await repository.count_donations(session, scope)
    rows = await repository.list_donations(session, scope, page.limit, page.offset)
    uses = await repository.uses_of(session, [d.id for d in rows])
    return Page(
        items=[_read(d, uses[d.id]) for d in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


async def public_summary(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> DonationSummary:
    if community_id is None:
        if not principal.community_ids:
            raise DonationNotFound("name the community_id")
        community_id = principal.community_ids[0]
    if not principal.in_community(community_id):
        raise DonationNotFound("unknown community")
    count, money, anonymous = await repository.totals(session, community_id)
    uses = [
        PurposeTotal(purpose=p, amount_fen=int(a))
        for p, a in await repository.use_totals(session, community_id)
    ]
    return DonationSummary(
        community_id=community_id,
        donations=int(count),
        anonymous_donations=int(anonymous),
        money_received_fen=int(money),
        money_used_fen=sum(u.amount_fen for u in uses),
        goods_received=[
            GoodsTotal(name=n, unit=u, quantity=int(q))
            for n, u, q in await repository.goods_totals(session, community_id)
        ],
        money_uses=uses,
    )
