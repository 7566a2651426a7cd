"""Group-buy 团购: staff combine the households' orders of one round into one order per partner
(quantities summed per item); the partner picks and delivers it as one, and the detail splits it
back per household. Combining again later adds orders placed since; cancelled or rejected orders
drop out of the sums. Each partner given orders hears of it (`group_buy.combined`)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.identity import Principal, Role
from supplies.access import community_scope
from supplies.delivery_rounds.service import load_visible_round
from supplies.grid_areas.scope import grid_scope
from supplies.group_buys import repository
from supplies.group_buys.errors import GroupBuyNotFound
from supplies.group_buys.models import GroupBuy
from supplies.group_buys.schemas import (
    GroupBuyCreate,
    GroupBuyDetail,
    GroupBuyLine,
    GroupBuyRead,
    HouseholdShare,
    HouseholdShareLine,
)
from supplies.household_directory import repository as directory
from supplies.orders import repository as orders
from supplies.orders.errors import InvalidStatusChange
from supplies.orders.schemas import AddressFields
from supplies.webhooks.events import WebhookEvent
from supplies.webhooks.repository import enqueue_event


async def _reads(session: AsyncSession, buys: list[GroupBuy]) -> list[GroupBuyRead]:
    sums = await repository.totals(session, [b.id for b in buys])
    return [
        GroupBuyRead(
            id=b.id,
            round_id=b.round_id,
            partner_id=b.partner_id,
            orders=sums.get(b.id, (0, 0))[0],
            total_fen=sums.get(b.id, (0, 0))[1],
            created_at=b.created_at,
            updated_at=b.updated_at,
        )
        for b in buys
    ]


async def combine_round(
    session: AsyncSession, principal: Principal, data: GroupBuyCreate
) -> list[GroupBuyRead]:
    delivery_round = await load_visible_round(session, principal, data.round_id)
    existing = {
        b.partner_id: b for b in await repository.group_buys_of_round(session, data.round_id)
    }
    for partner_id in await repository.partners_with_ungrouped_orders(session, data.round_id):
        buy = existing.get(partner_id)
        if buy is None:
            buy = GroupBuy(
                id=uuid.uuid4(),
                community_id=delivery_round.community_id,
                round_id=data.round_id,
                partner_id=partner_id,
                created_by=principal.subject,
            )
            session.add(buy)
            await session.flush()
            existing[partner_id] = buy
        await repository.join_orders(session, data.round_id, partner_id, buy.id)
        await enqueue_event(
            session,
            delivery_round.community_id,
            partner_id,
            WebhookEvent.group_buy_combined,
            _read_of(session, buy),
        )
    try:
        await session.commit()
    except IntegrityError as exc:  # combined at the same moment by someone else
        await session.rollback()
        raise InvalidStatusChange(
            "the round was being combined at the same time; try again"
        ) from exc
    return await _reads(session, await repository.group_buys_of_round(session, data.round_id))


def _read_of(session: AsyncSession, buy: GroupBuy) -> Callable[[], Awaitable[dict[str, Any]]]:
    async def read() -> dict[str, Any]:
        (one,) = await _reads(session, [buy])
        return one.model_dump(mode="json")

    return read


def _may_see(principal: Principal, buy: GroupBuy) -> bool:
    if principal.role == Role.partner:
        return buy.partner_id == principal.partner_id
    return principal.in_community(buy.community_id)


async def list_group_buys(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID | None
) -> list[GroupBuyRead]:
    if principal.role == Role.partner:
        buys = await repository.list_group_buys(session, None, principal.partner_id, round_id)
    else:
        buys = await repository.list_group_buys(session, community_scope(principal), None, round_id)
    return await _reads(session, list(buys))


async def get_group_buy(
    session: AsyncSession, principal: Principal, group_buy_id: uuid.UUID
) -> GroupBuyDetail:
    buy = await repository.get_group_buy(session, group_buy_id)
    if buy is None or not _may_see(principal, buy):
        raise GroupBuyNotFound()
    (read,) = await _reads(session, [buy])
    members = await repository.member_orders(session, buy.id)
    grid = await grid_scope(session, principal)
    if grid.bounded:  # the summed lines stay whole: a figure, not a household's
        inside = await directory.households_in(session, buy.community_id, grid)
        members = [o for o in members if o.household_id in inside]
    lines = await orders.lines_of(session, [buy.community_id], [o.id for o in members])
    return GroupBuyDetail(
        **read.model_dump(),
        lines=[
            GroupBuyLine(
                item_id=item_id,
                item_name=name,
                unit=unit,
                unit_price_fen=price,
                quantity=int(quantity),
                total_fen=int(total),
            )
            for item_id, name, unit, price, quantity, total in await repository.summed_lines(
                session, buy.id
            )
        ],
        households=[
            HouseholdShare(
                order_id=o.id,
                household_id=o.household_id,
                status=o.status,
                delivery_mode=o.delivery_mode,
                address=AddressFields(
                    compound=o.compound,
                    building=o.building,
                    unit=o.unit,
                    floor=o.floor,
                    room=o.room,
                ),
                lines=[
                    HouseholdShareLine(
                        item_id=ln.item_id, item_name=ln.item_name, quantity=ln.quantity
                    )
                    for ln in lines[o.id]
                ],
            )
            for o in members
        ],
    )
