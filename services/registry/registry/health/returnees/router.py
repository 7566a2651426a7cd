"""Returnees 返回人员: register, list (filter under_watch), read."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.dependencies import get_cipher
from registry.health.returnees import service
from registry.health.returnees.errors import (
    InvalidReturnee,
    ReturneeClientIdReused,
    ReturneeNotFound,
    ReturneeSubjectNotFound,
)
from registry.health.returnees.repository import ReturneeFilter
from registry.health.returnees.schemas import ReturneeCreate, ReturneePage, ReturneeRead
from registry.residents.communities.errors import CommunityNotFound
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["returnees"])


@router.post(
    "",
    response_model=ReturneeRead,
    status_code=201,
    responses={
        200: {"model": ReturneeRead, "description": "A retry: the first record, unchanged"},
        **problem_responses(
            ReturneeSubjectNotFound, CommunityNotFound, InvalidReturnee, ReturneeClientIdReused
        ),
    },
    summary="Register a returnee; the 14-day watch ends by itself",
)
async def register_returnee(
    body: ReturneeCreate,
    response: Response,
    principal: Principal = Depends(require(Permission.returnees_write)),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    result = await service.register_returnee(session, cipher, principal, body)
    response.status_code = 201 if result.created else 200
    return result.returnee


@router.get("", response_model=ReturneePage, summary="Returnees, paginated and filterable")
async def list_returnees(
    community_id: uuid.UUID | None = Query(None),
    under_watch: bool | None = Query(None, description="true: still inside the 14 days."),
    household_id: uuid.UUID | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(require(Permission.returnees_read)),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    flt = ReturneeFilter(
        community_ids=[community_id] if community_id else None,
        under_watch=under_watch,
        household_id=household_id,
    )
    return await service.list_returnees(session, cipher, principal, flt, page)


@router.get(
    "/{returnee_id}",
    response_model=ReturneeRead,
    responses=problem_responses(ReturneeNotFound),
    summary="One returnee",
)
async def get_returnee(
    returnee_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.returnees_read)),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await service.get_returnee(session, cipher, principal, returnee_id)
