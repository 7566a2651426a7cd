"""Partner supermarkets and pharmacies."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, status
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses
from supplies.database import get_session
from supplies.partners import service
from supplies.partners.errors import PartnerNameTaken, PartnerNotFound
from supplies.partners.schemas import PartnerCreate, PartnerRead

router = APIRouter(tags=["partners"])


@router.get("", response_model=list[PartnerRead], summary="Partners of the caller's communities")
async def list_partners(
    principal: Principal = Depends(require(Permission.partners_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_partners(session, principal)


@router.post(
    "",
    response_model=PartnerRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(PartnerNotFound, PartnerNameTaken),
    summary="Register a partner (staff); then issue it an API key at /api/v1/auth/partner-keys",
)
async def register_partner(
    body: PartnerCreate,
    principal: Principal = Depends(require(Permission.partners_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.register_partner(session, principal, body)


@router.get(
    "/me",
    response_model=PartnerRead,
    responses=problem_responses(PartnerNotFound),
    summary="The calling partner's own record (partner API key)",
)
async def get_own_partner(
    principal: Principal = Depends(require(Permission.partner_self)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_own_partner(session, principal)


@router.get(
    "/{partner_id}",
    response_model=PartnerRead,
    responses=problem_responses(PartnerNotFound),
    summary="One partner",
)
async def get_partner(
    partner_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.partners_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_partner(session, principal, partner_id)
