from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from shouhu_common.problems import PROBLEM_JSON, Conflict, NotFound, prefers_english


class DeliveryRoundNotFound(NotFound):
    slug = "delivery-round-not-found"
    title_zh, title_en = "配送批次不存在", "Delivery round not found"


class DeliveryRoundExists(Conflict):
    slug = "delivery-round-exists"
    title_zh, title_en = "该时间已有配送批次", "A delivery round already exists at this time"


class RoundUnavailable(Conflict):
    """Base of the refusals that name the next available round (extension member `next_round`)."""

    def __init__(self, detail: str, next_round: dict[str, Any] | None) -> None:
        super().__init__(detail)
        self.next_round = next_round


class RoundClosed(RoundUnavailable):
    slug = "delivery-round-closed"
    title_zh, title_en = "该配送批次已截单", "This delivery round is closed for orders"


class RoundFull(RoundUnavailable):
    slug = "delivery-round-full"
    title_zh, title_en = "该配送批次已满", "This delivery round is full for this partner"


async def round_unavailable_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RoundUnavailable)
    body = {
        "type": f"/problems/{exc.slug}",
        "title": exc.title(prefers_english(request.headers.get("accept-language"))),
        "status": exc.status,
        "detail": exc.detail,
        "instance": request.url.path,
        "request_id": request.scope.get("state", {}).get("request_id"),
        "next_round": exc.next_round,
    }
    return JSONResponse(body, status_code=exc.status, media_type=PROBLEM_JSON)
