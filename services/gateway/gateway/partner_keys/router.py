"""Partner API keys (staff): issue, list, rotate, revoke."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request, status
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.authn import client_ip
from gateway.database import get_session
from gateway.dependencies import get_limiter, get_settings, require
from gateway.partner_keys import service
from gateway.partner_keys.errors import PartnerKeyNotFound
from gateway.partner_keys.schemas import PartnerKeyCreate, PartnerKeyIssued, PartnerKeyRead
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import NotFound, RateLimited, problem_responses

router = APIRouter(tags=["auth"])
can_manage = require(Permission.partners_write)


async def _limit(request: Request) -> None:
    settings = await get_settings(request)
    await (await get_limiter(request)).hit(settings.key_rate_per_ip, "keys-ip", client_ip(request))


@router.post(
    "",
    response_model=PartnerKeyIssued,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(NotFound, RateLimited),
    summary="Issue an API key to a partner (the key is shown once)",
)
async def issue_partner_key(
    request: Request,
    body: PartnerKeyCreate,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    await _limit(request)
    partner = await request.app.state.supplies.get_partner(
        body.partner_id, principal, request.state.request_id
    )
    return await service.issue_key(session, partner, body.label)


@router.get("", response_model=list[PartnerKeyRead], summary="API keys of the caller's partners")
async def list_partner_keys(
    principal: Principal = Depends(can_manage), session: AsyncSession = Depends(get_session)
) -> object:
    return await service.list_keys(session, principal)


@router.post(
    "/{key_id}/rotate",
    response_model=PartnerKeyIssued,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(PartnerKeyNotFound, RateLimited),
    summary="Replace a key: a new key is shown once and the old one stops working",
)
async def rotate_partner_key(
    request: Request,
    key_id: uuid.UUID,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    await _limit(request)
    issued = await service.rotate_key(session, principal, key_id)
    await request.app.state.revocations.subject(f"partner-key:{key_id}")
    return issued


@router.delete(
    "/{key_id}",
    response_model=PartnerKeyRead,
    responses=problem_responses(PartnerKeyNotFound),
    summary="Revoke a key",
)
async def revoke_partner_key(
    request: Request,
    key_id: uuid.UUID,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    row = await service.revoke_key(session, principal, key_id)
    await request.app.state.revocations.subject(f"partner-key:{key_id}")
    return row
