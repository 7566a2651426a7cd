"""Runs 代配药批次: one roster worker takes a batch of prescription requests to one hospital on
a date (planned → out → back → closed), records what came back and what it cost, and the
residents' repayments are reconciled per run."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.operations.medicine import repository
from registry.operations.medicine.errors import (
    MedicineClientIdReused,
    MedicineRequestNotFound,
    MedicineRunNotFound,
    RequestStateConflict,
    RunTransitionRefused,
    RunWorkerNotFound,
)
from registry.operations.medicine.models import (
    MedicineKind,
    MedicineRequest,
    MedicineRun,
    Repayment,
    RequestStatus,
    RunStatus,
)
from registry.operations.medicine.reach import households_in_reach, shown_name
from registry.operations.medicine.requests import request_read
from registry.operations.medicine.schemas import (
    Reconciliation,
    ReconciliationLine,
    RunCreate,
    RunLineChange,
    RunRead,
    RunStatusChange,
)
from registry.operations.workers import repository as workers
from shouhu_common.identity import Principal, Role
from shouhu_common.pagination import Page, PageParams

NEXT = {
    RunStatus.planned: RunStatus.out,
    RunStatus.out: RunStatus.back,
    RunStatus.back: RunStatus.closed,
}
DONE = (RequestStatus.collected, RequestStatus.partly, RequestStatus.not_available)


async def run_read(session: AsyncSession, principal: Principal, run: MedicineRun) -> RunRead:
    worker = await workers.get_worker(session, run.worker_id)
    rows = await repository.named_requests(session, [MedicineRequest.run_id == run.id])
    return RunRead(
        id=run.id,
        community_id=run.community_id,
        worker_id=run.worker_id,
        worker_name=worker.name if worker else "",
        hospital=run.hospital,
        run_date=run.run_date,
        status=run.status,
        note=run.note,
        created_at=run.created_at,
        out_at=run.out_at,
        back_at=run.back_at,
        closed_at=run.closed_at,
        requests=[request_read(principal, r, name) for r, name in rows],
    )


async def run_in_reach(
    session: AsyncSession, principal: Principal, run_id: uuid.UUID
) -> MedicineRun:
    run = await repository.get_run(session, run_id)
    if run is None or not principal.in_community(run.community_id):
        raise MedicineRunNotFound()
    return run


async def create_run(
    session: AsyncSession, principal: Principal, body: RunCreate
) -> tuple[RunRead, bool]:
    """Every request must be a waiting prescription refill in the caller's reach, of the
    worker's community; each goes on one run only."""
    worker = await workers.get_worker(session, body.worker_id)
    if worker is None or not principal.in_community(worker.community_id):
        raise RunWorkerNotFound()
    earlier = await repository.run_by_client_id(session, worker.community_id, body.client_id)
    if earlier is not None:
        if earlier.worker_id != body.worker_id:
            raise MedicineClientIdReused(f"client_id {body.client_id} belongs to another run")
        return await run_read(session, principal, earlier), False
    reach = await households_in_reach(session, principal, worker.community_id)
    rows = await repository.named_requests(
        session, [MedicineRequest.id.in_(set(body.request_ids)), reach]
    )
    if len(rows) != len(set(body.request_ids)):
        raise MedicineRequestNotFound("one of the requests is not in your area")
    run = MedicineRun(
        id=uuid.uuid4(),
        client_id=body.client_id,
        community_id=worker.community_id,
        worker_id=worker.id,
        hospital=body.hospital,
        run_date=body.run_date,
        note=body.note,
        created_by=principal.subject,
    )
    for request, _ in rows:
        if request.kind != MedicineKind.prescription or request.status != RequestStatus.requested:
            raise RequestStateConflict(
                f"{request.medicine_name}: not a waiting prescription refill"
            )
    community_id = worker.community_id
    session.add(run)
    await session.flush()  # the run before the requests that name it
    # a conditional update: of two runs planned at once with the same request, one takes it
    claimed = await repository.claim_for_run(session, [r.id for r, _ in rows], run.id)
    if claimed != len(rows):
        await session.rollback()
        raise RequestStateConflict("a request went on another run meanwhile")
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        again = await repository.run_by_client_id(session, community_id, body.client_id)
        if again is None:
            raise
        return await run_read(session, principal, again), False
    return await run_read(session, principal, run), True


async def list_runs(session: AsyncSession, principal: Principal, page: PageParams) -> Page[RunRead]:
    scope = None if principal.role == Role.admin else list(principal.community_ids)
    total, runs = await repository.list_runs(session, scope, page.limit, page.offset)
    items = [await run_read(session, principal, r) for r in runs]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


async def get_run(session: AsyncSession, principal: Principal, run_id: uuid.UUID) -> RunRead:
    return await run_read(session, principal, await run_in_reach(session, principal, run_id))


async def move_run(
    session: AsyncSession,
    principal: Principal,
    run_id: uuid.UUID,
    body: RunStatusChange,
    now: datetime,
) -> RunRead:
    """One step forward at a time; the same step again changes nothing. A run closes only
    when every request has its outcome."""
    run = await run_in_reach(session, principal, run_id)
    if body.status == run.status:
        return await run_read(session, principal, run)
    if NEXT.get(run.status) != body.status:
        raise RunTransitionRefused(f"{run.status} → {body.status}")
    if body.status == RunStatus.closed:
        rows = await repository.named_requests(session, [MedicineRequest.run_id == run.id])
        open_ = [r.medicine_name for r, _ in rows if r.status not in DONE]
        if open_:
            raise RunTransitionRefused("no outcome yet: " + "、".join(open_))
    run.status = body.status
    setattr(run, f"{body.status.value}_at", now)
    await session.commit()
    return await run_read(session, principal, run)


async def change_line(
    session: AsyncSession,
    principal: Principal,
    run_id: uuid.UUID,
    request_id: uuid.UUID,
    body: RunLineChange,
) -> RunRead:
    """Outcomes and costs once the run is out and until it is closed; a repayment at any time
    (residents pay back after the run)."""
    run = await run_in_reach(session, principal, run_id)
    request = await repository.get_request(session, request_id)
    if request is None or request.run_id != run.id:
        raise MedicineRequestNotFound()
    sent = body.model_fields_set - {"repayment"}
    if sent and run.status not in (RunStatus.out, RunStatus.back):
        raise RunTransitionRefused(f"outcomes and costs are recorded out or back, not {run.status}")
    if body.outcome is not None:
        request.status = RequestStatus(body.outcome.value)
    if body.amount_paid_fen is not None:
        request.amount_paid_fen = body.amount_paid_fen
    if body.receipt_number is not None:
        request.receipt_number = body.receipt_number
    if body.repayment is not None:
        request.repayment = body.repayment
    await session.commit()
    return await run_read(session, principal, run)


async def reconcile(
    session: AsyncSession, principal: Principal, run_id: uuid.UUID
) -> Reconciliation:
    run = await run_in_reach(session, principal, run_id)
    worker = await workers.get_worker(session, run.worker_id)
    rows = await repository.named_requests(session, [MedicineRequest.run_id == run.id])
    paid = dict.fromkeys(Repayment, 0)
    for r, _ in rows:
        paid[r.repayment] += r.amount_paid_fen or 0
    return Reconciliation(
        run_id=run.id,
        hospital=run.hospital,
        run_date=run.run_date,
        worker_name=worker.name if worker else "",
        status=run.status,
        requests=len(rows),
        collected=sum(r.status == RequestStatus.collected for r, _ in rows),
        partly=sum(r.status == RequestStatus.partly for r, _ in rows),
        not_available=sum(r.status == RequestStatus.not_available for r, _ in rows),
        paid_fen=sum(paid.values()),
        repaid_fen=paid[Repayment.paid_back],
        waived_fen=paid[Repayment.waived],
        outstanding_fen=paid[Repayment.pending],
        lines=[
            ReconciliationLine(
                request_id=r.id,
                person_name=shown_name(principal, name),
                medicine_name=r.medicine_name,
                status=r.status,
                amount_paid_fen=r.amount_paid_fen,
                receipt_number=r.receipt_number,
                repayment=r.repayment,
            )
            for r, name in rows
        ],
    )
