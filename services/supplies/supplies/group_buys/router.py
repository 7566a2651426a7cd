"""Group-buy 团购: a round's orders combined per partner and split back per household."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses
from supplies.database import get_session
from supplies.delivery_rounds.errors import DeliveryRoundNotFound
from supplies.group_buys import service
from supplies.group_buys.errors import GroupBuyNotFound
from supplies.group_buys.schemas import GroupBuyCreate, GroupBuyDetail, GroupBuyRead

router = APIRouter(tags=["group-buys"])


@router.post(
    "",
    response_model=list[GroupBuyRead],
    responses=problem_responses(DeliveryRoundNotFound),
    summary="Combine a round's orders into one group-buy per partner (staff); safe to repeat",
)
async def combine_round(
    body: GroupBuyCreate,
    principal: Principal = Depends(require(Permission.group_buys_manage)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.combine_round(session, principal, body)


@router.get("", response_model=list[GroupBuyRead], summary="Group-buys (a partner sees its own)")
async def list_group_buys(
    round_id: uuid.UUID | None = Query(None),
    principal: Principal = Depends(require(Permission.group_buys_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_group_buys(session, principal, round_id)


@router.get(
    "/{group_buy_id}",
    response_model=GroupBuyDetail,
    responses=problem_responses(GroupBuyNotFound),
    summary="One group-buy: quantities summed per item, and each household's share",
    description="A grid worker sees the shares of their grid's households only (the summed "
    "quantities stay the round's).",
)
async def get_group_buy(
    group_buy_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.group_buys_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_group_buy(session, principal, group_buy_id)
