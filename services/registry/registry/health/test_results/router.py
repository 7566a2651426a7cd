"""Results of a testing round (结果回传): import, positives, re-tests, watched buildings and the
staff decision on a listed household."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.health.quarantines.errors import QuarantineSubjectNotFound
from registry.health.test_results import decisions, listing, service
from registry.health.test_results.errors import (
    DecisionReasonRequired,
    HouseholdNotOnRetestList,
    RoundNotFound,
)
from registry.health.test_results.schemas import (
    DecisionRead,
    DecisionWrite,
    PositiveTube,
    ResultsReport,
    Retest,
    WatchedBuildingRead,
)
from registry.residents.audit.disclosure import Disclosure, ReasonRequired, disclosure
from registry.residents.imports.errors import ImportFileInvalid
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["testing rounds"])
can_read = require(Permission.test_results_read)
can_write = require(Permission.test_results_write)


@router.post(
    "/{round_id}/results:import",
    response_model=ResultsReport,
    responses=problem_responses(RoundNotFound, ImportFileInvalid),
    summary="Import the lab's results sheet (XLSX or CSV)",
    description=(
        "Multipart field `file`, columns 管码 / tube and 结果 / result (阴性 / 阳性 / 无效 or "
        "negative / positive / invalid). Every line is checked first: an unknown tube or one of "
        "another round, a tube named twice, an unreadable result, or a result contradicting the "
        "tube's earlier one is reported row by row in Chinese and nothing is applied. A clean "
        "sheet is applied (`dry_run=true` only reports), with what it set off: positive or "
        "invalid tubes put their people on the re-test list and their buildings on the watch. "
        "A tube with the same result already is left alone: the same sheet twice changes nothing."
    ),
)
async def import_results(
    request: Request,
    round_id: uuid.UUID,
    file: UploadFile = File(description="The results sheet (.xlsx, .xls, .ods or .csv)."),
    dry_run: bool = Query(False),
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.import_results(
        session,
        request.app.state.gate_states,
        principal,
        round_id,
        filename=file.filename or "",
        data=await file.read(),
        dry_run=dry_run,
        request_id=request.state.request_id,
    )


@router.get(
    "/{round_id}/positives",
    response_model=list[PositiveTube],
    responses=problem_responses(RoundNotFound, ReasonRequired),
    summary="Positive and invalid tubes with their people and households",
    description="Names masked; `reveal=true` with a `reason` shows them in full, audited.",
)
async def list_positives(
    request: Request,
    round_id: uuid.UUID,
    shown: Disclosure = Depends(disclosure),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await listing.list_positives(
        session, principal, round_id, shown, request.state.request_id
    )


@router.get(
    "/{round_id}/retests",
    response_model=list[Retest],
    responses=problem_responses(RoundNotFound, ReasonRequired),
    summary="The re-test list, with who has been re-tested",
    description="By building, floor and room. Names masked unless revealed with a reason.",
)
async def list_retests(
    request: Request,
    round_id: uuid.UUID,
    shown: Disclosure = Depends(disclosure),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await listing.list_retests(session, principal, round_id, shown, request.state.request_id)


@router.get(
    "/{round_id}/watched-buildings",
    response_model=list[WatchedBuildingRead],
    responses=problem_responses(RoundNotFound),
    summary="Buildings with a positive or invalid pool in the round",
)
async def list_watched_buildings(
    round_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await listing.list_watched(session, principal, round_id)


@router.post(
    "/{round_id}/retests/households/{household_id}/decision",
    response_model=DecisionRead,
    responses=problem_responses(
        RoundNotFound, HouseholdNotOnRetestList, DecisionReasonRequired, QuarantineSubjectNotFound
    ),
    summary="Decide on a listed household: home quarantine or not",
    description=(
        "`quarantine` starts a home quarantine of the whole household through the quarantine "
        "service (passes suspended, deliveries to the door); sent again it finds the same "
        "quarantine. The reason is required and kept in the audit log."
    ),
)
async def decide_household(
    request: Request,
    round_id: uuid.UUID,
    household_id: uuid.UUID,
    body: DecisionWrite,
    principal: Principal = Depends(can_write),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await decisions.decide(
        session,
        request.app.state.gate_states,
        principal,
        round_id,
        household_id,
        body,
        request.state.request_id,
    )
