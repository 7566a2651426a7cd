"""Household files (建档立卡): list and read."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.dependencies import get_cipher
from registry.residents.audit.disclosure import Disclosure, ReasonRequired, disclosure
from registry.residents.communities.errors import BuildingNotFound
from registry.residents.households import service
from registry.residents.households.errors import HouseholdExists, HouseholdInUse, HouseholdNotFound
from registry.residents.households.models import HouseholdStatus
from registry.residents.households.repository import HouseholdFilter
from registry.residents.households.schemas import (
    HouseholdCreate,
    HouseholdDetail,
    HouseholdPage,
    HouseholdRead,
    HouseholdUpdate,
)
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import Forbidden, problem_responses
from shouhu_common.responses import json_response

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
    responses=problem_responses(HouseholdNotFound, Forbidden, ReasonRequired),
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
    shown: Disclosure = Depends(disclosure),
    principal: Principal = Depends(
        require(Permission.households_read, Permission.own_household_read)
    ),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> Response:
    detail = await service.get_household(
        session,
        cipher,
        principal,
        household_id,
        reveal=shown.reveal,
        reason=shown.reason,
        request_id=request.state.request_id,
        today=datetime.now(SHANGHAI).date(),
    )
    return json_response(detail)


@router.post(
    "",
    status_code=201,
    response_model=HouseholdRead,
    responses=problem_responses(BuildingNotFound, HouseholdExists),
    summary="File a household (建档): building, unit, floor, room, contact phone",
)
async def create_household(
    body: HouseholdCreate,
    principal: Principal = Depends(require(Permission.households_write)),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await service.create_household(session, cipher, principal, body)


@router.patch(
    "/{household_id}",
    response_model=HouseholdRead,
    responses=problem_responses(HouseholdNotFound, HouseholdExists),
    summary="Change a household's room, floor or contact phone",
)
async def update_household(
    household_id: uuid.UUID,
    body: HouseholdUpdate,
    principal: Principal = Depends(require(Permission.household_files_edit)),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await service.update_household(session, cipher, principal, household_id, body)


@router.delete(
    "/{household_id}",
    status_code=204,
    responses=problem_responses(HouseholdNotFound, HouseholdInUse),
    summary="Delete a household file (refused while people or other records refer to it)",
)
async def delete_household(
    household_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.households_write)),
    session: AsyncSession = Depends(get_session),
) -> Response:
    await service.delete_household(session, principal, household_id)
    return Response(status_code=204)
