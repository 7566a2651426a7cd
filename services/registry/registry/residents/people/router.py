"""People 居民: search, read (masked unless revealed), file, correct and remove."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.dependencies import get_cipher
from registry.residents.audit.disclosure import Disclosure, ReasonRequired, disclosure
from registry.residents.households.errors import HouseholdNotFound
from registry.residents.people import service
from registry.residents.people.errors import (
    PersonDataInvalid,
    PersonExists,
    PersonInUse,
    PersonNotFound,
    SearchQueryUnsupported,
)
from registry.residents.people.schemas import (
    PersonCreate,
    PersonDetail,
    PersonPage,
    PersonUpdate,
    today_in_china,
)
from registry.residents.people.service import PersonQuery
from shouhu_common.auth import require
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.problems import Forbidden, problem_responses

router = APIRouter(tags=["people"])


@router.get(
    "",
    response_model=PersonPage,
    responses=problem_responses(SearchQueryUnsupported),
    summary="Find people: by name, pinyin, building/room, or exactly by phone or ID number",
    description=(
        "`q` may be Chinese characters (any part of the name: 三 finds 张三), pinyin initials "
        "(`zs`) or full pinyin (`zhangsan`), every reading of every character, or a whole ID "
        "number or mobile number (exact match). Combine with `building_id`, `unit`, `room`. "
        "Name searches list at most the first 1,000 matches (`truncated`)."
    ),
)
async def list_people(
    q: str | None = Query(None, max_length=64),
    community_id: uuid.UUID | None = Query(None),
    building_id: uuid.UUID | None = Query(None),
    unit: int | None = Query(None, ge=1, le=50),
    room: str | None = Query(None, max_length=20),
    household_id: uuid.UUID | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(require(Permission.households_read)),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    query = PersonQuery(q, community_id, building_id, unit, room, household_id)
    return await service.search_people(session, cipher, principal, query, page, today_in_china())


@router.get(
    "/{person_id}",
    response_model=PersonDetail,
    responses=problem_responses(PersonNotFound, Forbidden, ReasonRequired),
    summary="One person",
    description="`reveal=true` (admin, staff) shows the ID number and phone in full and writes "
    "an audit record with `reason`.",
)
async def get_person(
    request: Request,
    person_id: uuid.UUID,
    shown: Disclosure = Depends(disclosure),
    principal: Principal = Depends(require(Permission.households_read)),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await service.get_person(
        session,
        cipher,
        principal,
        person_id,
        reveal=shown.reveal,
        reason=shown.reason,
        request_id=request.state.request_id,
        today=today_in_china(),
    )


@router.post(
    "",
    status_code=201,
    response_model=PersonDetail,
    responses=problem_responses(HouseholdNotFound, PersonExists),
    summary="File a person in a household",
)
async def create_person(
    body: PersonCreate,
    principal: Principal = Depends(require(Permission.household_files_edit)),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await service.create_person(session, cipher, principal, body, today_in_china())


@router.patch(
    "/{person_id}",
    response_model=PersonDetail,
    responses=problem_responses(PersonNotFound, HouseholdNotFound, PersonExists, PersonDataInvalid),
    summary="Correct a person's file",
)
async def update_person(
    person_id: uuid.UUID,
    body: PersonUpdate,
    principal: Principal = Depends(require(Permission.household_files_edit)),
    session: AsyncSession = Depends(get_session),
    cipher: PersonalDataCipher = Depends(get_cipher),
) -> object:
    return await service.update_person(
        session, cipher, principal, person_id, body, today_in_china()
    )


@router.delete(
    "/{person_id}",
    status_code=204,
    responses=problem_responses(PersonNotFound, PersonInUse),
    summary="Remove a person from the registry",
)
async def delete_person(
    person_id: uuid.UUID,
    principal: Principal = Depends(require(Permission.households_write)),
    session: AsyncSession = Depends(get_session),
) -> Response:
    await service.delete_person(session, principal, person_id)
    return Response(status_code=204)
