"""Sampling in a testing round 采样登记: the sampler's offline bundle, the typed-ID fallback,
tube checks, registration batches, the missing list, knocks and figures."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.dependencies import get_cipher
from registry.health.sampling import figures, service
from registry.health.sampling.bundle import encoded
from registry.health.sampling.errors import (
    HouseholdNotFound,
    InvalidKnockTime,
    KnockClientIdReused,
    PersonNotFound,
    RoundNotFound,
)
from registry.health.sampling.schemas import (
    KnockCreate,
    KnockRead,
    MissingList,
    PersonFound,
    PersonLookup,
    RegistrationBatch,
    RegistrationResult,
    RoundFigures,
    TubeCheck,
    TubeState,
)
from shouhu_common.auth import require
from shouhu_common.etags import none_match
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import problem_responses
from shouhu_common.responses import json_response

router = APIRouter(tags=["testing rounds"])
sampler = require(Permission.sampling_record)
figures_reader = require(Permission.testing_figures_read)
ROUND_ERRORS = problem_responses(RoundNotFound)


@router.get(
    "/{round_id}/sampling-bundle",
    responses={
        **ROUND_ERRORS,
        304: {"description": "Not Modified: the bundle named by `If-None-Match` is current"},
    },
    summary="What a sampler's phone keeps offline for the round (masked names)",
    description="`{round, points, households: [{…, members: [{person_id, name, birth_year, "
    "arrangement}]}], passes: [{pass_id, household_id, person_id}]}`, active passes only. "
    "Send the `ETag` held as `If-None-Match`: 304 while nothing in it changed.",
)
async def sampling_bundle(
    round_id: uuid.UUID,
    if_none_match: str | None = Header(None, description="the ETag of the bundle held"),
    principal: Principal = Depends(sampler),
    session: AsyncSession = Depends(get_session),
) -> Response:
    body, tag = encoded(await service.sampling_bundle(session, principal, round_id))
    headers = {"ETag": tag, "Cache-Control": "private, no-cache"}
    if none_match(if_none_match, tag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


@router.post(
    "/{round_id}/people:lookup",
    response_model=PersonFound,
    responses=problem_responses(RoundNotFound, PersonNotFound),
    summary="Find a person by typed ID number (no QR at hand); audited",
)
async def lookup_person(
    request: Request,
    round_id: uuid.UUID,
    body: PersonLookup,
    principal: Principal = Depends(sampler),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await service.lookup_person(
        session, cipher, principal, round_id, body.id_number, request.state.request_id
    )


@router.post(
    "/{round_id}/tubes:check",
    response_model=TubeState,
    responses=ROUND_ERRORS,
    summary="May this tube take another swab?",
)
async def check_tube(
    round_id: uuid.UUID,
    body: TubeCheck,
    principal: Principal = Depends(sampler),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.check_tube(session, principal, round_id, body.barcode)


@router.post(
    "/{round_id}/registrations:batch",
    response_model=RegistrationResult,
    responses=ROUND_ERRORS,
    summary="Upload registrations made on a phone (≤ 500): each stored once by client id",
    description="A tube is opened by its first registration. Rejected: tube_other_round, "
    "tube_full, unknown_person, other_community (unless confirm_visitor), "
    "round_not_sampling, unknown_point, sampled_at_in_future. A person already sampled this "
    "round is stored with duplicate=true and listed in `flagged` (and `accepted`).",
)
async def upload_registrations(
    request: Request,
    round_id: uuid.UUID,
    body: RegistrationBatch,
    principal: Principal = Depends(sampler),
) -> Response:
    store = request.app.state.sampling_store
    result = await service.upload(store, principal, round_id, body, datetime.now(UTC))
    return json_response(result)


@router.get(
    "/{round_id}/missing",
    response_model=MissingList,
    responses=ROUND_ERRORS,
    summary="Households with someone expected and not yet sampled, by building and floor",
    description="Excluded and home-sampling people are not expected here. A grid worker sees "
    "their buildings only.",
)
async def missing_list(
    round_id: uuid.UUID,
    building_id: uuid.UUID | None = Query(None),
    floor: int | None = Query(None, ge=-10, le=300),
    principal: Principal = Depends(require(Permission.knocks_record)),
    session: AsyncSession = Depends(get_session),
) -> Response:
    found = await service.missing_list(session, principal, round_id, building_id, floor)
    return json_response(found)


@router.post(
    "/{round_id}/knocks",
    response_model=KnockRead,
    status_code=201,
    responses={
        200: {"model": KnockRead, "description": "A retry: the first knock, unchanged"},
        **problem_responses(
            RoundNotFound, HouseholdNotFound, KnockClientIdReused, InvalidKnockTime
        ),
    },
    summary="A knock on the door of a household with people missing (once per client_id)",
)
async def record_knock(
    round_id: uuid.UUID,
    body: KnockCreate,
    response: Response,
    principal: Principal = Depends(require(Permission.knocks_record)),
    session: AsyncSession = Depends(get_session),
) -> object:
    recorded = await service.record_knock(session, principal, round_id, body)
    response.status_code = 201 if recorded.created else 200
    return recorded.knock


@router.get(
    "/{round_id}/figures",
    response_model=RoundFigures,
    responses=ROUND_ERRORS,
    summary="The round's figures: in total, by building and by point",
)
async def round_figures(
    round_id: uuid.UUID,
    principal: Principal = Depends(figures_reader),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.round_figures(session, principal, round_id)


@router.get(
    "/{round_id}/figures.xlsx",
    response_class=Response,
    responses={
        **ROUND_ERRORS,
        200: {"content": {figures.XLSX: {}}, "description": "总计, 楼栋 and 采样点 sheets"},
    },
    summary="The round's figures as a spreadsheet for the sub-district",
)
async def round_figures_xlsx(
    round_id: uuid.UUID,
    principal: Principal = Depends(figures_reader),
    session: AsyncSession = Depends(get_session),
) -> Response:
    found = await service.round_figures(session, principal, round_id)
    return Response(
        figures.workbook(found),
        media_type=figures.XLSX,
        headers={"Content-Disposition": f'attachment; filename="round-{round_id}-figures.xlsx"'},
    )
