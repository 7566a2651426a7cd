"""Donations 捐赠: recorded by staff; a public summary without donors' personal data."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy.ext.asyncio import AsyncSession

from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses
from supplies.database import get_session
from supplies.donations import service
from supplies.donations.errors import DonationNotFound, DonationOverspent, InvalidDonation
from supplies.donations.schemas import (
    DonationCreate,
    DonationPage,
    DonationRead,
    DonationSummary,
    DonationUseCreate,
)
from supplies.idempotency.dependencies import idempotency_key

router = APIRouter(tags=["donations"])


@router.post(
    "",
    response_model=DonationRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(DonationNotFound, InvalidDonation),
    summary="Record a donation of money or goods (staff); the donor may be anonymous",
)
async def record_donation(
    body: DonationCreate,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(require(Permission.donations_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.record_donation(session, principal, body, key)


@router.get("", response_model=DonationPage, summary="Donations with donors and uses (staff)")
async def list_donations(
    community_id: uuid.UUID | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(require(Permission.donations_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_donations(session, principal, community_id, page)


@router.get(
    "/summary",
    response_model=DonationSummary,
    responses=problem_responses(DonationNotFound),
    summary="Public summary: totals received and where they went, no donor's data",
)
async def public_summary(
    community_id: uuid.UUID | None = Query(None),
    principal: Principal = Depends(require(Permission.donations_summary_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.public_summary(session, principal, community_id)


@router.post(
    "/{donation_id}/uses",
    response_model=DonationRead,
    responses=problem_responses(DonationNotFound, InvalidDonation, DonationOverspent),
    summary="Record where donated money went (staff)",
)
async def record_use(
    donation_id: uuid.UUID,
    body: DonationUseCreate,
    principal: Principal = Depends(require(Permission.donations_write)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.record_use(session, principal, donation_id, body)
