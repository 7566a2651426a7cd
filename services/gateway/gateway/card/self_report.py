"""The household's self-report part of the card (registry `GET
/self-reports/households/{id}/today`): who has reported this morning or evening.

Optional like the notices: a card without it still carries the pass QR."""

from __future__ import annotations

import uuid

from gateway.card.schemas import CardSelfReport, CardSelfReportMember, SectionUnavailable
from gateway.card.sections import optional_section
from gateway.clients.registry import RegistryClient
from shouhu_common.identity import Principal


async def fetch_self_report(
    registry: RegistryClient,
    household_id: uuid.UUID,
    principal: Principal,
    request_id: str,
    english: bool = False,
) -> CardSelfReport:
    found = await optional_section(
        registry.get_household_self_reports(household_id, principal, request_id), english
    )
    if isinstance(found, SectionUnavailable):
        return CardSelfReport(available=False, problem=found)
    return CardSelfReport(
        available=True,
        local_date=found.local_date,
        period=found.period,
        replaces_calls=found.replaces_calls,
        fever_threshold=found.fever_threshold,
        members=[
            CardSelfReportMember(
                person_id=m.person_id,
                name=m.name,
                in_quarantine=m.in_quarantine,
                reported=m.reported,
                temperature=m.latest.temperature if m.latest else None,
                antigen_result=m.latest.antigen_result if m.latest else None,
                reported_at=m.latest.reported_at if m.latest else None,
                fever=m.latest.fever if m.latest else False,
            )
            for m in found.members
        ],
    )
