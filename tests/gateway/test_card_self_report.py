"""The household card's self-report part: each member with the id to report for, who has
reported this period, and the report's temperature; a quarantined household's report is the
follow-up for staff."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.conftest import Stack
from tests.gateway.test_card import card_world, get_card
from tests.registry.health.quarantines.builders import start_quarantine


class TestSelfReportOnTheCard:
    async def test_members_to_report_for_and_who_has(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world, resident = await card_world(client, stack)
        started = await start_quarantine(client, world.staff, world.tree.household_ids[0])
        assert started.status_code == 201, started.text
        card = await get_card(client, resident)
        part = card["self_report"]
        assert part["available"] is True
        assert part["period"] in {"morning", "evening"}
        assert part["replaces_calls"] is False
        assert part["fever_threshold"] == pytest.approx(37.3)
        [member] = part["members"]
        assert (member["reported"], member["in_quarantine"]) == (False, True)
        body = {
            "client_id": str(uuid.uuid4()),
            "person_id": member["person_id"],
            "temperature": 38.2,
        }
        reported = await client.post("/api/v1/self-reports", headers=resident, json=body)
        assert reported.status_code == 201, reported.text
        [member] = (await get_card(client, resident))["self_report"]["members"]
        assert member["reported"] is True
        assert member["temperature"] == pytest.approx(38.2)
        assert member["fever"] is True
        referrals = await client.get("/api/v1/referrals", headers=world.staff)
        assert referrals.json()["items"][0]["self_report_id"] == reported.json()["id"]
