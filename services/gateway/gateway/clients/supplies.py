"""The supplies service as the gateway uses it."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel

from gateway.clients.base import UpstreamClient
from shouhu_common.identity import Principal


class PartnerRef(BaseModel):
    """The fields of a partner the gateway needs (to issue it an API key)."""

    id: uuid.UUID
    community_id: uuid.UUID
    name: str


class SuppliesClient(UpstreamClient):
    name = "supplies"

    async def get_partner(
        self, partner_id: uuid.UUID, principal: Principal, request_id: str = ""
    ) -> PartnerRef:
        body: Any = await self.get_json(f"/api/v1/partners/{partner_id}", principal, request_id)
        return PartnerRef.model_validate(body)
