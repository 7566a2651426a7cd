from __future__ import annotations

from typing import Any

from shouhu_common.problems import Conflict, NotFound


class DeliveryRoundNotFound(NotFound):
    slug = "delivery-round-not-found"
    title_zh, title_en = "配送批次不存在", "Delivery round not found"


class DeliveryRoundExists(Conflict):
    slug = "delivery-round-exists"
    title_zh, title_en = "该时间已有配送批次", "A delivery round already exists at this time"


class RoundUnavailable(Conflict):
    """Base of the refusals that name the next available round (extension member `next_round`)."""

    def __init__(self, detail: str, next_round: dict[str, Any] | None) -> None:
        super().__init__(detail, next_round=next_round)


class RoundClosed(RoundUnavailable):
    slug = "delivery-round-closed"
    title_zh, title_en = "该配送批次已截单", "This delivery round is closed for orders"


class RoundFull(RoundUnavailable):
    slug = "delivery-round-full"
    title_zh, title_en = "该配送批次已满", "This delivery round is full for this partner"
