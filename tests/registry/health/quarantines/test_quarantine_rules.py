"""A community's quarantine rule, and what a quarantine blocks (deleting the household)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest

from tests.builders import CommunityTree, headers_for, make_community
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import (
    grid_worker,
    member_ids,
    start_quarantine,
    today,
)


@pytest.fixture
async def tree(stack: Stack) -> CommunityTree:
    return await make_community(stack, households=1)


@pytest.fixture
async def staff(client: httpx.AsyncClient, stack: Stack, tree: CommunityTree) -> dict[str, str]:
    return await headers_for(client, stack, "staff", [tree.community_id])


class TestRules:
    async def test_community_default_length(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        path = f"/api/v1/quarantine-rules/{tree.community_id}"
        rule = (await client.get(path, headers=staff)).json()
        assert rule["default_days"] == 14
        assert rule["fever_threshold"] == pytest.approx(37.3)
        assert rule["time_zone"] == "Asia/Shanghai"
        changed = await client.put(path, headers=staff, json={"default_days": 10})
        assert changed.status_code == 200
        assert changed.json()["default_days"] == 10
        created = (await start_quarantine(client, staff, tree.household_ids[0])).json()
        assert created["planned_end_date"] == (today() + timedelta(days=10)).isoformat()

    async def test_rule_input_and_roles(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        path = f"/api/v1/quarantine-rules/{tree.community_id}"
        for days in (0, 61, "x"):
            assert (
                await client.put(path, headers=staff, json={"default_days": days})
            ).status_code == 422
        grid = await grid_worker(client, stack, tree.community_id, [tree.building_id])
        assert (await client.get(path, headers=grid)).status_code == 200
        assert (await client.put(path, headers=grid, json={"default_days": 7})).status_code == 403
        other = f"/api/v1/quarantine-rules/{uuid.uuid4()}"
        assert (await client.get(other, headers=staff)).status_code == 404


class TestHouseholdDeletion:
    async def test_a_quarantined_household_cannot_be_deleted(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        household = tree.household_ids[0]
        await start_quarantine(client, staff, household)
        response = await client.delete(f"/api/v1/households/{household}", headers=staff)
        assert response.status_code == 409
        assert "隔离" in response.json()["detail"]

    async def test_a_quarantined_person_cannot_be_deleted(
        self, client: httpx.AsyncClient, stack: Stack, tree: CommunityTree, staff: dict[str, str]
    ) -> None:
        person = (await member_ids(stack, tree.household_ids[0]))[0]
        await start_quarantine(client, staff, tree.household_ids[0], person_id=str(person))
        response = await client.delete(f"/api/v1/people/{person}", headers=staff)
        assert response.status_code == 409
