"""Mass testing rounds 全员核酸, planning: rounds and points, slots, the home-sampling and
excluded lists, point busyness, the schedule as a notice and as building posters, and the
household card's view of the current round."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import get_session
from registry.health.testing_rounds import (
    arrangements,
    household,
    notice,
    poster,
    schedule,
    service,
)
from registry.health.testing_rounds.errors import (
    InvalidSlot,
    PointsTooSmall,
    RoundBuildingNotFound,
    RoundClosed,
    RoundHouseholdNotFound,
    RoundIdempotencyKeyReused,
    RoundNotFound,
    RoundPersonNotFound,
    RoundPosterFontMissing,
    RoundStatusConflict,
    SlotNotFound,
)
from registry.health.testing_rounds.models import Arrangement
from registry.health.testing_rounds.schemas import (
    ArrangementRead,
    ArrangementSet,
    HouseholdRound,
    PointBusyness,
    RoundCreate,
    RoundNoticeRead,
    RoundPage,
    RoundRead,
    RoundUpdate,
    SlotRead,
    SlotUpdate,
)
from registry.residents.communities.errors import CommunityNotFound, CommunityUnclear
from shouhu_common.auth import require
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from shouhu_common.pagination import PageParams, page_params
from shouhu_common.permissions import Permission
from shouhu_common.problems import problem_responses

router = APIRouter(tags=["testing rounds"])
can_read = require(Permission.testing_rounds_read)
can_manage = require(Permission.testing_rounds_manage)
# residents read the busyness of their community's points and their own household's round
can_read_or_resident = require(Permission.testing_rounds_read, Permission.own_household_read)
can_read_household = require(Permission.households_read, Permission.own_household_read)


async def idempotency_key(  # async: no thread pool hop per request
    key: str | None = Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Any unique string (a UUID is fine) per intended round. Sending the same "
        "request again with the same key returns the first round and creates nothing; the same "
        "key with a different request is refused (422 `idempotency-key-reused`).",
    ),
) -> str | None:
    return key


async def public_base_url(request: Request) -> str:
    """REGISTRY_PUBLIC_BASE_URL: where residents open the PWA."""
    url: str = request.app.state.settings.public_base_url
    return url.rstrip("/")


@router.post(
    "",
    response_model=RoundRead,
    status_code=201,
    responses={
        200: {"model": RoundRead, "description": "A retry: the first round, unchanged"},
        **problem_responses(
            CommunityNotFound, CommunityUnclear, PointsTooSmall, RoundIdempotencyKeyReused
        ),
    },
    summary="Plan a testing round: its points, slots and home-sampling list",
    description=(
        "Slots are cut at once from the community's households: buildings in name order, each "
        "from its lowest floor up, `households_per_slot × tables` households per `slot_minutes` "
        "at a point, buildings spread over the points so that they finish about together. "
        "Members of households in home quarantine (reason `quarantined`) and people with a "
        "disability (`bedridden`) go on the home-sampling list; people in centralized "
        "quarantine are excluded (`away`). When the points cannot finish within their hours "
        "the round is refused (422 `points-too-small`, `overrun_minutes`) and nothing is stored."
    ),
)
async def create_round(
    body: RoundCreate,
    response: Response,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    created_round, created = await service.create_round(session, principal, body, key)
    response.status_code = 201 if created else 200
    return created_round


@router.get(
    "",
    response_model=RoundPage,
    summary="Testing rounds, newest first",
    description="The rounds of the caller's communities (or of `community_id`), by date.",
)
async def list_rounds(
    community_id: uuid.UUID | None = Query(None),
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.list_rounds(session, principal, community_id, page)


@router.get(
    "/households/{household_id}/current",
    response_model=HouseholdRound,
    responses=problem_responses(RoundHouseholdNotFound),
    summary="A household's current round: its slot, the points' busyness, its members",
    description=(
        "For the household card. The latest round of the community not closed (or closed "
        "today); `round: null` when there is none. Each member: `sampled` (registered in the "
        "round, a duplicate not counted), their `arrangement` and `latest_result` (`{result, "
        "sampled_at}` of their latest registration whose tube has a result). Names are masked. "
        "A resident reads only their own household, a grid worker only their grid's."
    ),
)
async def household_round(
    household_id: uuid.UUID,
    principal: Principal = Depends(can_read_household),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await household.household_round(session, principal, household_id, utc_now())


@router.get(
    "/{round_id}",
    response_model=RoundRead,
    responses=problem_responses(RoundNotFound),
    summary="One testing round with its points",
    description="A round of another community is reported missing (404).",
)
async def get_round(
    round_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.get_round(session, principal, round_id)


@router.patch(
    "/{round_id}",
    response_model=RoundRead,
    responses=problem_responses(RoundNotFound, RoundStatusConflict),
    summary="Rename a round, or move it on: planned → sampling → closed",
    description="The status moves one step forward only (409 otherwise); asking for the "
    "status the round already has changes nothing.",
)
async def update_round(
    round_id: uuid.UUID,
    change: RoundUpdate,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await service.update_round(session, principal, round_id, change)


@router.get(
    "/{round_id}/slots",
    response_model=list[SlotRead],
    responses=problem_responses(RoundNotFound),
    summary="The round's slots by start time (a grid worker: those of their grid)",
    description="Times are HH:MM in the community's time zone; `households` counts the "
    "households living on the slot's floors of its building.",
)
async def list_slots(
    round_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await schedule.list_slots(session, principal, round_id)


@router.patch(
    "/{round_id}/slots/{slot_id}",
    response_model=SlotRead,
    responses=problem_responses(RoundNotFound, SlotNotFound, RoundClosed, InvalidSlot),
    summary="Adjust a slot by hand: its point, times or floors",
    description=(
        "Only the fields sent change. The slot must then be at one of the round's points and "
        "within its hours, start before it ends, and `from_floor ≤ to_floor` (422 "
        "`invalid-slot` otherwise, and nothing changes); its households are counted again "
        "when the floors change. A closed round's slots no longer change (409)."
    ),
)
async def update_slot(
    round_id: uuid.UUID,
    slot_id: uuid.UUID,
    change: SlotUpdate,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await schedule.update_slot(session, principal, round_id, slot_id, change)


@router.get(
    "/{round_id}/arrangements",
    response_model=list[ArrangementRead],
    responses=problem_responses(RoundNotFound),
    summary="Who is excluded or sampled at home, by building and floor",
    description="Names are masked. A grid worker sees the people of their grid only.",
)
async def list_arrangements(
    round_id: uuid.UUID,
    arrangement: Arrangement | None = Query(None),
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await arrangements.list_arrangements(session, principal, round_id, arrangement)


@router.put(
    "/{round_id}/arrangements/{person_id}",
    response_model=ArrangementRead,
    responses=problem_responses(RoundNotFound, RoundPersonNotFound, RoundClosed),
    summary="Exclude a person from the round, or put them on the home-sampling list",
    description="The person must live in the round's community (404 otherwise).",
)
async def set_arrangement(
    round_id: uuid.UUID,
    person_id: uuid.UUID,
    body: ArrangementSet,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await arrangements.set_arrangement(session, principal, round_id, person_id, body)


@router.delete(
    "/{round_id}/arrangements/{person_id}",
    status_code=204,
    response_class=Response,
    responses=problem_responses(RoundNotFound, RoundPersonNotFound, RoundClosed),
    summary="Take a person back onto the normal list (expected at their point)",
    description="Taking off someone on no list changes nothing (204 all the same).",
)
async def clear_arrangement(
    round_id: uuid.UUID,
    person_id: uuid.UUID,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
) -> Response:
    await arrangements.clear_arrangement(session, principal, round_id, person_id)
    return Response(status_code=204)


@router.get(
    "/{round_id}/points/busyness",
    response_model=list[PointBusyness],
    responses=problem_responses(RoundNotFound),
    summary="How busy each sampling point is now (residents too)",
    description=(
        "Registrations in the last 10 minutes per point, duplicates not counted; `level` is "
        "`idle` 空闲 under 10 per table, `busy` 较忙 under 20, else `crowded` 繁忙. Residents "
        "read it for the rounds of their own community."
    ),
)
async def point_busyness(
    round_id: uuid.UUID,
    principal: Principal = Depends(can_read_or_resident),
    session: AsyncSession = Depends(get_session),
) -> object:
    return await household.busyness(session, principal, round_id, utc_now())


@router.post(
    "/{round_id}/notice",
    response_model=RoundNoticeRead,
    status_code=201,
    responses={
        200: {"model": RoundNoticeRead, "description": "The same schedule was published already"},
        **problem_responses(RoundNotFound),
    },
    summary="Publish the round's schedule to the residents as a notice",
    description=(
        "A notice of the community (see `/notices`) listing the points and each building's "
        "slots. Publishing an unchanged schedule again returns the first notice (200)."
    ),
)
async def publish_notice(
    round_id: uuid.UUID,
    response: Response,
    principal: Principal = Depends(can_manage),
    session: AsyncSession = Depends(get_session),
    base_url: str = Depends(public_base_url),
) -> object:
    published, created = await notice.publish_schedule(session, principal, round_id, base_url)
    response.status_code = 201 if created else 200
    return published


@router.get(
    "/{round_id}/posters/{building_id}",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "An A4 poster for the building"},
        **problem_responses(RoundNotFound, RoundBuildingNotFound, RoundPosterFontMissing),
    },
    summary="The building's slots as a printable A4 poster (PDF)",
    description="A grid worker prints the posters of their own buildings only.",
)
async def building_poster(
    round_id: uuid.UUID,
    building_id: uuid.UUID,
    principal: Principal = Depends(can_read),
    session: AsyncSession = Depends(get_session),
) -> Response:
    pdf = await poster.building_poster(session, principal, round_id, building_id)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="round-{round_id}-{building_id}.pdf"'},
    )
