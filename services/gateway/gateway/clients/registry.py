"""The registry service as the gateway uses it."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel

from gateway.clients.base import UpstreamClient
from shouhu_common.identity import Principal


class HouseholdRef(BaseModel):
    """The fields of a household the gateway needs (to issue an access code)."""

    id: uuid.UUID
    community_id: uuid.UUID
    address: str


class RegistryClient(UpstreamClient):
    name = "registry"

    async def get_household(
        self, household_id: uuid.UUID, principal: Principal, request_id: str = ""
    ) -> HouseholdRef:
        body: Any = await self.get_json(f"/api/v1/households/{household_id}", principal, request_id)
        return HouseholdRef.model_validate(body)
