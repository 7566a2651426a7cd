"""The household's current testing round on the card (registry `GET
/testing-rounds/households/{id}/current`).

Optional like the notices: a card without it still carries the pass QR."""

from __future__ import annotations

import uuid

from gateway.card.schemas import CardTesting, SectionUnavailable
from gateway.card.sections import optional_section
from gateway.clients.registry import RegistryClient
from shouhu_common.identity import Principal


async def fetch_testing(
    registry: RegistryClient,
    household_id: uuid.UUID,
    principal: Principal,
    request_id: str,
    english: bool = False,
) -> CardTesting:
    found = await optional_section(
        registry.get_household_testing(household_id, principal, request_id), english
    )
    if isinstance(found, SectionUnavailable):
        return CardTesting(available=False, problem=found)
    return CardTesting.model_validate({"available": True, **found.model_dump()})
