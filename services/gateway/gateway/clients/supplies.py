"""The supplies service as the gateway uses it."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from gateway.clients.base import UpstreamClient
from gateway.clients.figures import SuppliesDailyRef, SuppliesDashboardRef, report_params
from shouhu_common.identity import Principal


class PartnerRef(BaseModel):
    """The fields of a partner the gateway needs (to issue it an API key; to name it on a card)."""

    id: uuid.UUID
    community_id: uuid.UUID
    name: str
    kind: str = ""  # supplies' PartnerKind: a `lab` key reaches only the lab routes


class RoundRef(BaseModel):
    id: uuid.UUID
    delivery_date: date
    local_time: str


class OrderLineRef(BaseModel):
    item_name: str
    quantity: int


class OrderRef(BaseModel):
    """A household's order as the card summarizes it."""

    id: uuid.UUID
    partner_id: uuid.UUID
    round: RoundRef
    status: str
    delivery_mode: str
    door_reason: str
    lines: list[OrderLineRef]
    payable_fen: int
    created_at: datetime
    updated_at: datetime


class SuppliesClient(UpstreamClient):
    name = "supplies"

    async def get_partner(
        self, partner_id: uuid.UUID, principal: Principal, request_id: str = ""
    ) -> PartnerRef:
        body: Any = await self.get_json(f"/api/v1/partners/{partner_id}", principal, request_id)
        return PartnerRef.model_validate(body)

    async def list_partners(self, principal: Principal, request_id: str = "") -> list[PartnerRef]:
        body: Any = await self.get_json("/api/v1/partners", principal, request_id)
        return [PartnerRef.model_validate(item) for item in body]

    async def list_recent_orders(
        self, principal: Principal, limit: int, request_id: str = ""
    ) -> list[OrderRef]:
        """The caller's orders, newest first (a resident's: their household's)."""
        params: dict[str, str | int] = {"limit": limit}
        body: Any = await self.get_json("/api/v1/orders", principal, request_id, params)
        return [OrderRef.model_validate(item) for item in body["items"]]

    async def daily_figures(
        self,
        day: date | None,
        community_id: uuid.UUID | None,
        principal: Principal,
        request_id: str = "",
    ) -> SuppliesDailyRef:
        """The supplies half of the daily report, for the caller's communities."""
        params = report_params(day, community_id)
        body: Any = await self.get_json(
            "/api/v1/supplies-reports/daily", principal, request_id, params
        )
        return SuppliesDailyRef.model_validate(body)

    async def dashboard_figures(
        self, community_id: uuid.UUID, principal: Principal, request_id: str = ""
    ) -> SuppliesDashboardRef:
        params = report_params(None, community_id)
        body: Any = await self.get_json(
            "/api/v1/supplies-reports/dashboard", principal, request_id, params
        )
        return SuppliesDashboardRef.model_validate(body)
