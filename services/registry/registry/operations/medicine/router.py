"""Medicine on behalf 代配药: requests and runs to the hospital, with their costs."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.operations.medicine import reconciliation_sheet, requests, runs
from registry.operations.medicine.errors import (
    MedicineClientIdReused,
    MedicinePersonNotFound,
    MedicineRequestNotFound,
    MedicineRunNotFound,
    RequestStateConflict,
    RunTransitionRefused,
    RunWorkerNotFound,
)
from registry.operations.medicine.models import MedicineKind, RequestStatus
from registry.operations.medicine.schemas import (
    MedicineRequestChange,
    MedicineRequestCreate,
    MedicineRequestRead,
    Reconciliation,
    RunCreate,
    RunLineChange,
    RunRead,
    RunStatusChange,
)
from registry.residents.communities.errors import CommunityNotFound
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import Page, PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["medicine on behalf"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
can_read = require(Permission.medicine_read)
can_run = require(Permission.medicine_runs)


@router.post(
    "/requests",
    response_model=MedicineRequestRead,
    status_code=201,
    responses={
        200: {"model": MedicineRequestRead, "description": "A retry: the first request"},
        **problem_responses(MedicinePersonNotFound, MedicineClientIdReused),
    },
    summary="Ask for a refill of a person's regular medicine",
    description="A resident for a member of their household; a worker for a person in their "
    "area. Over the counter (`otc`) it becomes a pharmacy order; a prescription waits for a run.",
)
async def create_medicine_request(
    body: MedicineRequestCreate,
    response: Response,
    principal: Principal = Depends(require(Permission.medicine_request)),
    session: AsyncSession = Depends(get_session),
) -> object:
    read, created = await requests.create_request(session, principal, body)
    response.status_code = 201 if created else 200
    return read


@router.get(
    "/requests",
    response_model=Page[MedicineRequestRead],
    responses=problem_responses(CommunityNotFound),
    summary="Medicine requests in your area, newest first",
)
async def list_medicine_requests(
    community_id: uuid.UUID | None = Query(None),
    status: RequestStatus | None = Query(None),
    kind: MedicineKind | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await requests.list_requests(session, principal, community_id, status, kind, page)


@router.get(
    "/requests/{request_id}",
    response_model=MedicineRequestRead,
    responses=problem_responses(MedicineRequestNotFound),
    summary="One medicine request",
)
async def get_medicine_request(
    request_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await requests.get_request(session, principal, request_id)


@router.patch(
    "/requests/{request_id}",
    response_model=MedicineRequestRead,
    responses=problem_responses(MedicineRequestNotFound, RequestStateConflict),
    summary="Record the pharmacy order of an over-the-counter request, or cancel a request",
    description="The PWA places the order through `POST /api/v1/orders` and sends its id here; "
    "the request becomes `ordered`.",
)
async def change_medicine_request(
    request_id: uuid.UUID,
    body: MedicineRequestChange,
    principal: Principal = Depends(require(Permission.medicine_request)),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await requests.change_request(session, principal, request_id, body)


@router.post(
    "/runs",
    response_model=RunRead,
    status_code=201,
    responses={
        200: {"model": RunRead, "description": "A retry: the first run"},
        **problem_responses(
            RunWorkerNotFound, MedicineRequestNotFound, RequestStateConflict, MedicineClientIdReused
        ),
    },
    summary="Plan a run: a worker takes prescription requests to one hospital on a date",
)
async def create_medicine_run(
    body: RunCreate,
    response: Response,
    principal: Principal = Depends(can_run),
    session: AsyncSession = Depends(get_session),
) -> object:
    read, created = await runs.create_run(session, principal, body)
    response.status_code = 201 if created else 200
    return read


@router.get(
    "/runs",
    response_model=Page[RunRead],
    summary="Runs of your communities, latest date first",
)
async def list_medicine_runs(
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_run),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await runs.list_runs(session, principal, page)


@router.get(
    "/runs/{run_id}",
    response_model=RunRead,
    responses=problem_responses(MedicineRunNotFound),
    summary="One run with its requests",
)
async def get_medicine_run(
    run_id: uuid.UUID,
    principal: Principal = Depends(can_run),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await runs.get_run(session, principal, run_id)


@router.post(
    "/runs/{run_id}/status",
    response_model=RunRead,
    responses=problem_responses(MedicineRunNotFound, RunTransitionRefused),
    summary="Move a run on: planned → out → back → closed",
    description="One step at a time; the same status again changes nothing. Closing needs an "
    "outcome for every request.",
)
async def move_medicine_run(
    run_id: uuid.UUID,
    body: RunStatusChange,
    principal: Principal = Depends(can_run),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await runs.move_run(session, principal, run_id, body, datetime.now(UTC))


@router.patch(
    "/runs/{run_id}/requests/{request_id}",
    response_model=RunRead,
    responses=problem_responses(MedicineRunNotFound, MedicineRequestNotFound, RunTransitionRefused),
    summary="Record a request's outcome, cost and receipt, or the resident's repayment",
)
async def change_medicine_run_request(
    run_id: uuid.UUID,
    request_id: uuid.UUID,
    body: RunLineChange,
    principal: Principal = Depends(can_run),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await runs.change_line(session, principal, run_id, request_id, body)


@router.get(
    "/runs/{run_id}/reconciliation",
    response_model=Reconciliation,
    responses=problem_responses(MedicineRunNotFound),
    summary="A run's money: paid at the hospital, paid back, waived, outstanding (fen)",
)
async def reconcile_medicine_run(
    run_id: uuid.UUID,
    principal: Principal = Depends(can_run),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await runs.reconcile(session, principal, run_id)


@router.get(
    "/runs/{run_id}/reconciliation.xlsx",
    response_class=Response,
    responses={
        200: {"content": {XLSX: {}}, "description": "One sheet, 代配药对账: lines, then totals."},
        **problem_responses(MedicineRunNotFound),
    },
    summary="A run's reconciliation as a spreadsheet (amounts in yuan)",
)
async def reconciliation_workbook(
    run_id: uuid.UUID,
    principal: Principal = Depends(can_run),
    session: AsyncSession = Depends(get_session),
) -> Response:
    money = await runs.reconcile(session, principal, run_id)
    return Response(
        reconciliation_sheet.reconciliation_workbook(money),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="medicine-run-{run_id}.xlsx"'},
    )
