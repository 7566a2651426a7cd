"""The household card 户卡: the signed-in resident's household, pass QR, next outing, quarantine,
notices and recent orders in one answer (the PWA keeps it for offline use)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from gateway.card import service
from gateway.card.errors import NoHousehold
from gateway.card.schemas import HouseholdCardRead
from gateway.dependencies import require
from shouhu_common.identity import Principal
from shouhu_common.permissions import Permission
from shouhu_common.problems import (
    UpstreamTimeout,
    UpstreamUnavailable,
    prefers_english,
    problem_responses,
)

router = APIRouter(tags=["household card"])


@router.get(
    "",
    response_model=HouseholdCardRead,
    response_model_by_alias=True,
    responses=problem_responses(NoHousehold, UpstreamUnavailable, UpstreamTimeout),
    summary="Residents: the household card (pass QR, outing, quarantine, status changes and "
    "appeals, self-report, notices, orders, testing)",
    description="Composed by the gateway from the registry and supplies. ID numbers and phones "
    "are always masked. When the supplies service cannot answer, the card still comes back "
    "with `orders.available: false` (and without the testing round, `testing.available: false`, "
    "when only that part of the registry fails; likewise `status_changes` and `self_report`); "
    "when the registry cannot, the card is a 503/504 "
    "problem.",
)
async def get_household_card(
    request: Request,
    principal: Principal = Depends(require(Permission.household_card_read)),
) -> HouseholdCardRead:
    state = request.app.state
    return await service.household_card(
        state.registry,
        state.supplies,
        principal,
        request.state.request_id,
        prefers_english(request.headers.get("accept-language")),
    )
