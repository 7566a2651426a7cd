"""Household files (建档立卡): list and read."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.dependencies import get_cipher
from registry.households import service
from registry.households.errors import HouseholdNotFound
from registry.households.models import HouseholdStatus
from registry.households.repository import HouseholdFilter
from registry.households.schemas import HouseholdDetail, HouseholdPage
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import Forbidden, problem_responses

router = APIRouter(tags=["households"])
SHANGHAI = ZoneInfo("Asia/Shanghai")


@router.get("", response_model=HouseholdPage, summary="Households, paginated and filterable")
async def list_households(
    community_id: uuid.UUID | None = Query(None),
    building_id: uuid.UUID | None = Query(None),
    status: HouseholdStatus | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(require(Permission.households_read)),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    flt = HouseholdFilter(
        community_ids=[community_id] if community_id else None,
        building_id=building_id,
        status=status,
    )
    return await service.list_households(session, cipher, principal, flt, page)


@router.get(
    "/{household_id}",
    response_model=HouseholdDetail,
    responses=problem_responses(HouseholdNotFound, Forbidden),
    summary="One household with its members",
    description=(
        "Staff read households of their communities; a resident reads only their own. "
        "ID numbers and phones are masked; `reveal=true` (admin, staff) shows them in full and "
        "writes an audit record with `reason`."
    ),
)
async def get_household(
    request: Request,
    household_id: uuid.UUID,
    reveal: bool = Query(False),
    reason: str = Query("", max_length=200),
    principal: Principal = Depends(
        require(Permission.households_read, Permission.own_household_read)
    ),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await service.get_household(
        session,
        cipher,
        principal,
        household_id,
        reveal=reveal,
        reason=reason,
        request_id=request.state.request_id,
        today=datetime.now(SHANGHAI).date(),
    )
