"""Appeals 申诉 against status changes, and the status changes a household may appeal."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.dependencies import get_cipher
from registry.oversight.appeals import service
from registry.oversight.appeals.errors import (
    AppealAlreadyAnswered,
    AppealAlreadyOpen,
    AppealClientIdReused,
    AppealedRecordNotFound,
    AppealNotFound,
)
from registry.oversight.appeals.models import AppealStatus
from registry.oversight.appeals.schemas import (
    AppealAnswer,
    AppealCreate,
    AppealRead,
    StatusChangeRead,
)
from registry.oversight.appeals.status_changes import status_changes
from registry.residents.households.errors import HouseholdNotFound
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["appeals"])
status_changes_router = APIRouter(tags=["appeals"])
can_submit = require(Permission.appeals_submit)
can_read = require(Permission.appeals_read)
can_answer = require(Permission.appeals_answer)
can_read_changes = require(Permission.status_changes_read)


def _now() -> datetime:
    return datetime.now(UTC)


@router.post(
    "",
    response_model=AppealRead,
    status_code=201,
    responses={
        200: {"model": AppealRead, "description": "A retry: the first appeal, unchanged"},
        **problem_responses(AppealedRecordNotFound, AppealAlreadyOpen, AppealClientIdReused),
    },
    summary="Appeal (申诉) against a quarantine or a withdrawn pass of your household",
    description="A resident, from the household card. Another household's record is 404. One "
    "open appeal per record; a retry with the same client_id returns the first.",
)
async def submit_appeal(
    body: AppealCreate,
    response: Response,
    principal: Principal = Depends(can_submit),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    result = await service.submit_appeal(session, cipher, principal, body, _now())
    response.status_code = 201 if result.created else 200
    return result.appeal


@router.get(
    "",
    response_model=Page[AppealRead],
    summary="Appeals, oldest first",
    description="Staff see their communities', a grid worker those of their buildings, a "
    "resident their household's. `status=open`: those still to answer.",
)
async def list_appeals(
    community_id: uuid.UUID | None = Query(None),
    status: AppealStatus | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await service.list_appeals(session, cipher, principal, community_id, status, page)


@router.get(
    "/{appeal_id}",
    response_model=AppealRead,
    responses=problem_responses(AppealNotFound),
    summary="One appeal",
)
async def get_appeal(
    appeal_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await service.get_appeal(session, cipher, principal, appeal_id)


@router.post(
    "/{appeal_id}/answer",
    response_model=AppealRead,
    responses=problem_responses(AppealNotFound, AppealAlreadyAnswered),
    summary="Answer an appeal: upheld 维持 or changed 已更正, with a note",
    description="Answered once. `changed` does not lift the status: release the quarantine or "
    "resume the pass through its own route, with a reason code.",
)
async def answer_appeal(
    appeal_id: uuid.UUID,
    body: AppealAnswer,
    principal: Principal = Depends(can_answer),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await service.answer_appeal(session, cipher, principal, appeal_id, body, _now())


@status_changes_router.get(
    "",
    response_model=list[StatusChangeRead],
    responses=problem_responses(HouseholdNotFound),
    summary="The status changes that lock a household in now, with reasons and appeals",
    description="Active quarantines of the household or its members, suspended passes and "
    "revoked passes not replaced, each with its reason code, label, free text and latest "
    "appeal. A resident reads their own household (household_id may be omitted).",
)
async def list_status_changes(
    household_id: uuid.UUID | None = Query(None),
    principal: Principal = Depends(can_read_changes),
    session: AsyncSession = Depends(get_session),
) -> object:
    wanted = household_id or principal.household_id
    if wanted is None:
        raise HouseholdNotFound("name the household in `household_id`")
    return await status_changes(session, principal, wanted)
