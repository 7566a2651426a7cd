"""The household's status changes on the card (registry `GET /status-changes`): each current
quarantine and withdrawn pass with its reason, and its appeal (申诉) with the answer.

Optional like the notices: a card without it still carries the pass QR."""

from __future__ import annotations

import uuid

from gateway.card.schemas import CardStatusChanges, SectionUnavailable
from gateway.card.sections import optional_section
from gateway.clients.registry import RegistryClient
from shouhu_common.identity import Principal


async def fetch_status_changes(
    registry: RegistryClient,
    household_id: uuid.UUID,
    principal: Principal,
    request_id: str,
    english: bool = False,
) -> CardStatusChanges:
    found = await optional_section(
        registry.list_status_changes(household_id, principal, request_id), english
    )
    if isinstance(found, SectionUnavailable):
        return CardStatusChanges(available=False, problem=found)
    return CardStatusChanges.model_validate(
        {"available": True, "items": [c.model_dump() for c in found]}
    )
