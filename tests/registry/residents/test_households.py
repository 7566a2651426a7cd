"""Household files through the gateway: scoping, masking, audited reveal."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select

from registry.residents.audit.models import AuditEvent
from tests.builders import headers_for, make_community
from tests.conftest import Stack

FULL_ID = re.compile(r'"\d{17}[\dX]"')  # a whole JSON string value, not part of a UUID
FULL_PHONE = re.compile(r'"1\d{10}"')


class TestListHouseholds:
    async def test_paginated_and_filtered(self, client: httpx.AsyncClient, stack: Stack) -> None:
        tree = await make_community(stack, households=5)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        first = (await client.get("/api/v1/households?limit=2&offset=0", headers=staff)).json()
        second = (await client.get("/api/v1/households?limit=2&offset=2", headers=staff)).json()
        assert first["total"] == 5
        assert {h["id"] for h in first["items"]}.isdisjoint({h["id"] for h in second["items"]})
        quarantined = await client.get("/api/v1/households?status=home_quarantine", headers=staff)
        assert quarantined.json()["total"] == 0

    async def test_other_communities_are_invisible(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        mine = await make_community(stack, "甲社区", households=1)
        other = await make_community(stack, "乙社区", households=1)
        staff = await headers_for(client, stack, "staff", [mine.community_id])
        listed = await client.get(
            f"/api/v1/households?community_id={other.community_id}", headers=staff
        )
        assert listed.json()["total"] == 0
        one = await client.get(f"/api/v1/households/{other.household_ids[0]}", headers=staff)
        assert one.status_code == 404

    async def test_officers_and_gate_volunteers_cannot_list(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        tree = await make_community(stack)
        for role in ("officer", "gate_volunteer"):
            headers = await headers_for(client, stack, role, [tree.community_id])
            assert (await client.get("/api/v1/households", headers=headers)).status_code == 403


class TestPersonalData:
    async def test_masked_by_default(self, client: httpx.AsyncClient, stack: Stack) -> None:
        tree = await make_community(stack, households=1)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        response = await client.get(f"/api/v1/households/{tree.household_ids[0]}", headers=staff)
        assert response.status_code == 200
        assert not FULL_ID.search(response.text)
        assert not FULL_PHONE.search(response.text)
        assert tree.id_numbers[0] not in response.text
        assert tree.phones[0] not in response.text
        member = response.json()["members"][0]
        assert member["id_number"] == tree.id_numbers[0][:6] + "*" * 8 + tree.id_numbers[0][-4:]
        assert member["phone"] == tree.phones[0][:3] + "****" + tree.phones[0][-4:]

    async def test_staff_reveal_is_audited(self, client: httpx.AsyncClient, stack: Stack) -> None:
        tree = await make_community(stack, households=1)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        url = f"/api/v1/households/{tree.household_ids[0]}?reveal=true&reason=上门排查核对"
        response = await client.get(url, headers=staff)
        assert response.status_code == 200
        assert response.json()["members"][0]["id_number"] == tree.id_numbers[0]
        async with stack.registry.state.sessionmaker() as session:
            events = (await session.scalars(select(AuditEvent))).all()
        assert [(e.action, e.target_id, e.reason) for e in events] == [
            ("reveal_personal_data", str(tree.household_ids[0]), "上门排查核对")
        ]
        assert events[0].role == "staff"

    async def test_grid_worker_may_not_reveal(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        tree = await make_community(stack, households=1)
        grid = await headers_for(client, stack, "grid_worker", [tree.community_id])
        url = f"/api/v1/households/{tree.household_ids[0]}?reveal=true"
        response = await client.get(url, headers=grid)
        assert response.status_code == 403
        async with stack.registry.state.sessionmaker() as session:
            assert (await session.scalars(select(AuditEvent))).all() == []

    async def test_personal_data_is_encrypted_at_rest(self, stack: Stack) -> None:
        tree = await make_community(stack, households=1)
        from registry.residents.people.models import Person

        async with stack.registry.state.sessionmaker() as session:
            person = (await session.scalars(select(Person))).one()
        assert tree.id_numbers[0].encode() not in person.id_number_enc  # type: ignore[operator]
        assert person.id_number_hash == stack.registry.state.cipher.blind_index(tree.id_numbers[0])
