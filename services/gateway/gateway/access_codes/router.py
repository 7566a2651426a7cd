"""Household access codes (staff issue them) and the resident sign-in that uses them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, status
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.access_codes import service
from gateway.access_codes.schemas import AccessCodeCreate, AccessCodeIssued, ResidentSignIn
from gateway.accounts.schemas import TokenRead
from gateway.authn import client_ip
from gateway.config import GatewaySettings
from gateway.database import get_session
from gateway.dependencies import get_limiter, get_settings, require
from gateway.ratelimit import RateLimiter
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import NotAuthenticated, NotFound, RateLimited, problem_responses

router = APIRouter(tags=["auth"])


@router.post(
    "/access-codes",
    response_model=AccessCodeIssued,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(NotFound),
    summary="Issue a household's access code (staff); the previous code stops working",
    description="Every resident session signed in with the previous code ends too (a lost or "
    "shared code is cut off by issuing a new one).",
)
async def issue_access_code(
    request: Request,
    body: AccessCodeCreate,
    principal: Principal = Depends(require(Permission.access_codes_issue)),
    session: AsyncSession = Depends(get_session),
    settings: GatewaySettings = Depends(get_settings),
) -> object:
    household = await request.app.state.registry.get_household(
        body.household_id, principal, request.state.request_id
    )
    issued = await service.issue_code(session, settings, household)
    await request.app.state.revocations.subject(f"household:{household.id}")
    return issued


@router.post(
    "/resident-token",
    response_model=TokenRead,
    responses=problem_responses(NotAuthenticated, RateLimited),
    summary="Residents: exchange the household access code for a token limited to that household",
)
async def resident_sign_in(
    request: Request,
    body: ResidentSignIn,
    session: AsyncSession = Depends(get_session),
    settings: GatewaySettings = Depends(get_settings),
    limiter: RateLimiter = Depends(get_limiter),
) -> object:
    await limiter.hit(settings.login_rate_per_ip, "resident-ip", client_ip(request))
    return await service.sign_in_resident(session, settings, body.access_code)
