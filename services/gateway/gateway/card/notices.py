"""The community's current notices on the card (registry `GET /api/v1/notices`).

Optional like the orders: a card without notices still carries the pass QR."""

from __future__ import annotations

from gateway.card.schemas import CardNotice, CardNotices, SectionUnavailable
from gateway.card.sections import optional_section
from gateway.clients.registry import RegistryClient
from shouhu_common.identity import Principal

CARD_NOTICES = 10


async def fetch_notices(
    registry: RegistryClient, principal: Principal, request_id: str, english: bool = False
) -> CardNotices:
    notices = await optional_section(
        registry.list_notices(principal, CARD_NOTICES, request_id), english
    )
    if isinstance(notices, SectionUnavailable):
        return CardNotices(available=False, items=[], problem=notices)
    return CardNotices(
        available=True, items=[CardNotice.model_validate(n.model_dump()) for n in notices]
    )
