"""The card's status changes: each quarantine or withdrawn pass with its reason label, free text,
dates and the appeal with its answer; the card still comes without them when the registry part
fails."""

from __future__ import annotations

import httpx

from tests.conftest import Stack
from tests.registry.oversight.appeals.builders import APPEALS, appeal_body, appeal_world

CARD = "/api/v1/household-card"


class TestCardStatusChanges:
    async def test_the_card_shows_the_quarantine_its_reason_and_the_answer(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        w = await appeal_world(client, stack)
        card = await client.get(CARD, headers=w.resident)
        assert card.status_code == 200, card.text
        section = card.json()["status_changes"]
        assert section["available"] is True
        [change] = section["items"]
        assert change == {
            "record_type": "quarantine",
            "record_id": w.quarantine["id"],
            "kind": "quarantine",
            "person_name": None,
            "reason_code": "close_contact",
            "reason_label": "密切接触者",
            "reason": "与确诊者同乘电梯",
            "since": w.quarantine["start_date"],
            "until": w.quarantine["planned_end_date"],
            "appeal": None,
        }
        appeal = await client.post(
            APPEALS, headers=w.resident, json=appeal_body(w.quarantine["id"])
        )
        await client.post(
            f"{APPEALS}/{appeal.json()['id']}/answer",
            headers=w.staff,
            json={"outcome": "upheld", "note": "流调确认同乘，维持隔离"},
        )
        [change] = (await client.get(CARD, headers=w.resident)).json()["status_changes"]["items"]
        assert (change["appeal"]["status"], change["appeal"]["outcome"]) == ("answered", "upheld")
        assert change["appeal"]["answer_note"] == "流调确认同乘，维持隔离"

    async def test_a_household_with_nothing_withdrawn_has_an_empty_section(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        w = await appeal_world(client, stack)
        await client.post(
            f"/api/v1/quarantines/{w.quarantine['id']}/release",
            headers=w.staff,
            json={"reason_code": "wrongly_identified", "note": "申诉核实"},
        )
        section = (await client.get(CARD, headers=w.resident)).json()["status_changes"]
        assert section == {"available": True, "items": [], "problem": None}
