"""Distribution campaigns: each household reached gets its share once, taken from community
stock as `distributed` movements; the households not reached yet come from the directory. A grid
worker records receipts and lists households not reached only in their grid."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams
from supplies.access import community_scope
from supplies.community_stock import repository as stock
from supplies.community_stock.service import withdraw
from supplies.distributions import repository
from supplies.distributions.errors import AlreadyReceived, DistributionNotFound, InvalidShares
from supplies.distributions.models import Distribution, DistributionReceipt, DistributionShare
from supplies.distributions.schemas import (
    DistributionCreate,
    DistributionRead,
    ReceiptCreate,
    ReceiptRead,
    ShareRead,
)
from supplies.grid_areas.scope import grid_scope
from supplies.household_directory import repository as directory
from supplies.household_directory.schemas import DirectoryEntryRead
from supplies.idempotency import repository as idempotency
from supplies.orders.errors import HouseholdNotFound


async def _load(
    session: AsyncSession, principal: Principal, distribution_id: uuid.UUID
) -> Distribution:
    found = await repository.get_distribution(session, distribution_id)
    if found is None or not principal.in_community(found.community_id):
        raise DistributionNotFound()
    return found


async def _read(session: AsyncSession, distribution: Distribution) -> DistributionRead:
    households = await repository.count_households(session, distribution.community_id)
    return DistributionRead(
        id=distribution.id,
        community_id=distribution.community_id,
        name=distribution.name,
        shares=[
            ShareRead(
                stock_item_id=i.id,
                name=i.name,
                unit=i.unit,
                quantity_per_household=s.quantity_per_household,
            )
            for s, i in await repository.shares(session, distribution)
        ],
        households=households,
        reached=await repository.count_reached(session, distribution),
        not_reached=await repository.count_not_reached(session, distribution),
        created_at=distribution.created_at,
    )


async def create_distribution(
    session: AsyncSession, principal: Principal, data: DistributionCreate
) -> DistributionRead:
    if not principal.in_community(data.community_id):
        raise DistributionNotFound("unknown community")
    if len({s.stock_item_id for s in data.shares}) != len(data.shares):
        raise InvalidShares("each stock item may appear once")
    for share in data.shares:
        item = await stock.get_item(session, share.stock_item_id)
        if item is None or item.community_id != data.community_id:
            raise InvalidShares(f"stock item {share.stock_item_id} is not this community's")
    campaign = Distribution(
        id=uuid.uuid4(),
        community_id=data.community_id,
        name=data.name,
        created_by=principal.subject,
        created_at=utc_now(),
    )
    session.add(campaign)
    await session.flush()
    session.add_all(
        DistributionShare(
            community_id=campaign.community_id,
            distribution_id=campaign.id,
            stock_item_id=s.stock_item_id,
            quantity_per_household=s.quantity_per_household,
        )
        for s in data.shares
    )
    await session.commit()
    return await _read(session, campaign)


async def list_distributions(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> list[DistributionRead]:
    scope = community_scope(principal)
    if community_id is not None:
        scope = [community_id] if scope is None or community_id in scope else []
    return [await _read(session, d) for d in await repository.list_distributions(session, scope)]


async def get_distribution(
    session: AsyncSession, principal: Principal, distribution_id: uuid.UUID
) -> DistributionRead:
    return await _read(session, await _load(session, principal, distribution_id))


async def record_receipt(
    session: AsyncSession,
    principal: Principal,
    distribution_id: uuid.UUID,
    data: ReceiptCreate,
    key: str | None,
) -> ReceiptRead:
    """Once per household; a second recording is refused (409) and takes nothing from stock."""
    digest = idempotency.fingerprint(
        "distributions.receipt", str(distribution_id), str(data.household_id)
    )
    campaign = await _load(session, principal, distribution_id)
    if await idempotency.replayed(session, principal, key, "distributions.receipt", digest):
        done = await repository.find_receipt(session, campaign, data.household_id)
        if done is not None:
            return ReceiptRead(
                distribution_id=campaign.id,
                household_id=done.household_id,
                received_at=done.received_at,
            )
    entry = await directory.get_entry(session, data.household_id)
    if entry is None or entry.community_id != campaign.community_id:
        raise HouseholdNotFound()
    if not (await grid_scope(session, principal)).admits(entry):
        raise HouseholdNotFound()
    if await repository.find_receipt(session, campaign, data.household_id):
        raise AlreadyReceived()
    receipt = DistributionReceipt(
        id=uuid.uuid4(),
        community_id=campaign.community_id,
        distribution_id=campaign.id,
        household_id=data.household_id,
        recorded_by=principal.subject,
        received_at=utc_now(),
    )
    shares = await repository.shares(session, campaign)
    await withdraw(
        session,
        principal.subject,
        [(item, s.quantity_per_household) for s, item in shares],
        reason=f"发放 {campaign.name}",
        household_id=data.household_id,
        source_id=campaign.id,
    )
    session.add(receipt)
    await idempotency.remember(session, principal, key, "distributions.receipt", digest, receipt.id)
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise AlreadyReceived() from exc
    return ReceiptRead(
        distribution_id=campaign.id,
        household_id=receipt.household_id,
        received_at=receipt.received_at,
    )


async def households_not_reached(
    session: AsyncSession, principal: Principal, distribution_id: uuid.UUID, page: PageParams
) -> Page[DirectoryEntryRead]:
    campaign = await _load(session, principal, distribution_id)
    grid = await grid_scope(session, principal)
    total = await repository.count_not_reached(session, campaign, grid)
    rows = await repository.not_reached(session, campaign, grid, page.limit, page.offset)
    return Page(
        items=[DirectoryEntryRead.model_validate(e) for e in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
