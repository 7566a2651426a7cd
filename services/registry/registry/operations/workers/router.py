"""The roster 工作人员: staff, grid workers and volunteers of a community."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.dependencies import get_cipher
from registry.operations.workers import service
from registry.operations.workers.errors import (
    WorkerAccountTaken,
    WorkerClientIdReused,
    WorkerInUse,
    WorkerNotFound,
    WorkerPhoneTaken,
)
from registry.operations.workers.models import WorkerCategory, WorkerKind
from registry.operations.workers.repository import WorkerFilter
from registry.operations.workers.schemas import (
    WorkerCreate,
    WorkerDetail,
    WorkerPage,
    WorkerRead,
    WorkerUpdate,
)
from registry.residents.audit.disclosure import Disclosure, ReasonRequired, disclosure
from registry.residents.communities.errors import CommunityNotFound, CommunityUnclear
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import Forbidden, problem_responses

router = APIRouter(tags=["workers"])
can_read = require(Permission.workers_read)
can_write = require(Permission.workers_write)


@router.get(
    "",
    response_model=WorkerPage,
    responses=problem_responses(CommunityNotFound),
    summary="The roster, filterable and paginated (phones masked)",
    description="`q` is part of a name or a whole mobile number (exact match).",
)
async def list_workers(
    community_id: uuid.UUID | None = Query(None),
    kind: WorkerKind | None = Query(None),
    category: WorkerCategory | None = Query(None),
    active: bool | None = Query(None),
    has_account: bool | None = Query(None),
    skill: str | None = Query(None, max_length=20),
    q: str | None = Query(None, max_length=50),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    flt = WorkerFilter(
        community_ids=[community_id] if community_id else None,
        kind=kind,
        category=category,
        active=active,
        has_account=has_account,
        skill=skill.strip() if skill else None,
    )
    return await service.list_workers(session, cipher, principal, flt, q, page)


@router.post(
    "",
    status_code=201,
    response_model=WorkerRead,
    responses={
        200: {"model": WorkerRead, "description": "A retry: the first record, unchanged"},
        **problem_responses(
            CommunityNotFound,
            CommunityUnclear,
            WorkerPhoneTaken,
            WorkerAccountTaken,
            WorkerClientIdReused,
        ),
    },
    summary="Add a person to the roster",
)
async def create_worker(
    body: WorkerCreate,
    response: Response,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    worker, created = await service.create_worker(session, cipher, principal, body)
    response.status_code = 201 if created else 200
    return worker


@router.get(
    "/{worker_id}",
    response_model=WorkerDetail,
    responses=problem_responses(WorkerNotFound, Forbidden, ReasonRequired),
    summary="One worker",
    description="`reveal=true` (admin, staff) shows the phone in full and writes an audit "
    "record with `reason`.",
)
async def get_worker(
    request: Request,
    worker_id: uuid.UUID,
    shown: Disclosure = Depends(disclosure),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await service.get_worker(
        session,
        cipher,
        principal,
        worker_id,
        reveal=shown.reveal,
        reason=shown.reason,
        request_id=request.state.request_id,
    )


@router.patch(
    "/{worker_id}",
    response_model=WorkerRead,
    responses=problem_responses(WorkerNotFound, WorkerPhoneTaken, WorkerAccountTaken),
    summary="Correct a worker's entry, link an account, deactivate",
)
async def update_worker(
    worker_id: uuid.UUID,
    body: WorkerUpdate,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await service.update_worker(session, cipher, principal, worker_id, body)


@router.delete(
    "/{worker_id}",
    status_code=204,
    responses=problem_responses(WorkerNotFound, WorkerInUse),
    summary="Remove a worker who was never on a shift",
)
async def delete_worker(
    worker_id: uuid.UUID,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> Response:
    await service.delete_worker(session, principal, worker_id)
    return Response(status_code=204)
