"""The custody log 保管记录 of medical-insurance cards and record books."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.operations.medicine import custody
from registry.operations.medicine.errors import (
    CustodyConflict,
    HandoverNotFound,
    MedicineClientIdReused,
    MedicinePersonNotFound,
    MedicineRunNotFound,
    NotTheReceiver,
    ReceiverUnavailable,
    RunWorkerNotFound,
)
from registry.operations.medicine.schemas import HandoverCreate, HandoverRead
from registry.residents.communities.errors import CommunityNotFound
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import ProblemError, problem_responses

router = APIRouter(tags=["medicine on behalf"])
can_read = require(Permission.custody_read)


class PersonOrWorker(ProblemError):
    status, slug = 422, "custody-person-or-worker"
    title_zh, title_en = "请指定居民或工作人员之一", "Name either person_id or worker_id"


@router.post(
    "/custody",
    response_model=HandoverRead,
    status_code=201,
    responses={
        200: {"model": HandoverRead, "description": "A retry: the first record"},
        **problem_responses(
            MedicinePersonNotFound,
            RunWorkerNotFound,
            MedicineRunNotFound,
            CustodyConflict,
            ReceiverUnavailable,
            MedicineClientIdReused,
        ),
    },
    summary="Record a hand-over of a card or record book",
    description="From whoever holds it now to a roster worker (`to_worker_id`), or back to its "
    "owner (`null`). A worker in quarantine or off duty is refused. A hand-over to a worker "
    "waits for that worker's own confirmation.",
)
async def hand_over_item(
    body: HandoverCreate,
    response: Response,
    principal: Principal = Depends(require(Permission.custody_hand_over)),
    session: AsyncSession = Depends(get_session),
) -> object:
    read, created = await custody.hand_over(session, principal, body, datetime.now(UTC))
    response.status_code = 201 if created else 200
    return read


@router.post(
    "/custody/{handover_id}/confirm",
    response_model=HandoverRead,
    responses=problem_responses(HandoverNotFound, NotTheReceiver, CustodyConflict),
    summary="The receiving worker confirms, on their own account, that they hold the item",
)
async def confirm_handover(
    handover_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.custody_confirm)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await custody.confirm(session, principal, handover_id, datetime.now(UTC))


@router.get(
    "/custody",
    response_model=list[HandoverRead],
    responses=problem_responses(MedicinePersonNotFound, RunWorkerNotFound, PersonOrWorker),
    summary="Who holds a person's card and book, or everything a worker holds",
    description="Exactly one of `person_id` and `worker_id`. Lists current hand-overs only; an "
    "item not listed is with its owner.",
)
async def list_custody(
    person_id: uuid.UUID | None = Query(None),
    worker_id: uuid.UUID | None = Query(None),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    if (person_id is None) == (worker_id is None):
        raise PersonOrWorker()
    if person_id is not None:
        return await custody.held_for(session, principal, person_id)
    assert worker_id is not None
    return await custody.held_by(session, principal, worker_id)


@router.get(
    "/custody/mine",
    response_model=list[HandoverRead],
    summary="What I hold, and what I am to confirm",
)
async def list_my_custody(
    principal: Principal = Depends(require(Permission.custody_confirm)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await custody.held_by_me(session, principal)


@router.get(
    "/custody/flagged",
    response_model=list[HandoverRead],
    responses=problem_responses(CommunityNotFound),
    summary="Cards and books held by a worker in quarantine or off duty: reassign them",
)
async def list_flagged_custody(
    community_id: uuid.UUID | None = Query(None),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await custody.flagged(session, principal, community_id)
