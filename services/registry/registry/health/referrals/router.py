"""Fever-clinic referrals (发热门诊转诊): the open list, and closing one with its outcome."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.health.referrals import service
from registry.health.referrals.errors import (
    ReferralClosed,
    ReferralNotFound,
    ReferralPersonKnown,
    ReferralPersonNotInHousehold,
)
from registry.health.referrals.models import ReferralStatus
from registry.health.referrals.schemas import ReferralClose, ReferralPage, ReferralRead
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["quarantines"])


@router.get("", response_model=ReferralPage, summary="Referrals, open ones by default")
async def list_referrals(
    community_id: uuid.UUID | None = Query(None),
    status: ReferralStatus | None = Query(ReferralStatus.open),
    person_id: uuid.UUID | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(require(Permission.referrals_read)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_referrals(session, principal, community_id, status, person_id, page)


@router.post(
    "/{referral_id}/close",
    response_model=ReferralRead,
    responses=problem_responses(
        ReferralNotFound, ReferralClosed, ReferralPersonKnown, ReferralPersonNotInHousehold
    ),
    summary="Close a referral with its outcome (naming the person if the gate could not)",
)
async def close_referral(
    referral_id: uuid.UUID,
    closing: ReferralClose,
    principal: Principal = Depends(require(Permission.referrals_close)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.close_referral(session, principal, referral_id, closing)
