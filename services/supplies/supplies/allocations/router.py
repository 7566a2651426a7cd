"""Scarce protective gear allocated by the community's priority rules."""

from __future__ import annotations

from fastapi import APIRouter, Depends, status
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses
from supplies.allocations import service
from supplies.allocations.schemas import AllocationCreate, AllocationRead
from supplies.community_stock.errors import StockItemNotFound
from supplies.database import get_session

router = APIRouter(tags=["allocations"])


@router.post(
    "",
    response_model=AllocationRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(StockItemNotFound),
    summary="Allocate scarce gear by priority rules, never beyond stock (staff)",
)
async def allocate(
    body: AllocationCreate,
    principal: Principal = Depends(require(Permission.community_stock_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.allocate(session, principal, body)
