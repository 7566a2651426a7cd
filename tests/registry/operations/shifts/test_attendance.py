"""At the shift: volunteers and grid workers check themselves in and out through their own
account (staff may for anyone), and see their own shifts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.builders import headers_for
from tests.conftest import Stack
from tests.registry.operations.shifts.builders import S, make_gate, make_shift
from tests.registry.operations.workers.builders import (
    Office,
    add_worker,
    make_office,
    signed_in_worker,
)


def now() -> datetime:
    return datetime.now(UTC).replace(second=0, microsecond=0)


@pytest.fixture
async def office(client: httpx.AsyncClient, stack: Stack) -> Office:
    return await make_office(client, stack)


@pytest.fixture
async def gate_id(stack: Stack, office: Office) -> uuid.UUID:
    return await make_gate(stack, office.community_id)


class TestCheckIn:
    async def test_a_volunteer_checks_in_and_out_of_their_shift(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        worker, me = await signed_in_worker(client, stack, office, "gate_volunteer")
        start = now() - timedelta(hours=1)
        shift = await make_shift(
            client, office, gate_id, start, start + timedelta(hours=6), worker_ids=[worker["id"]]
        )
        url = f"{S}/{shift['id']}"
        early_out = await client.post(f"{url}/check-out", headers=me, json={})
        assert (early_out.status_code, early_out.json()["type"]) == (
            409,
            "/problems/not-checked-in",
        )
        first = await client.post(f"{url}/check-in", headers=me, json={})
        assert first.status_code == 200, first.text
        checked_in = first.json()["workers"][0]["checked_in_at"]
        assert checked_in is not None
        again = await client.post(f"{url}/check-in", headers=me, json={})
        assert again.json()["workers"][0]["checked_in_at"] == checked_in
        out = await client.post(f"{url}/check-out", headers=me, json={})
        assert out.json()["workers"][0]["checked_out_at"] is not None
        refused = await client.delete(url, headers=office.staff)
        assert (refused.status_code, refused.json()["type"]) == (409, "/problems/shift-started")

    async def test_only_people_on_the_shift_check_in_and_only_themselves(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        on_it, _ = await signed_in_worker(client, stack, office, "gate_volunteer", "甲")
        _, not_on_it = await signed_in_worker(client, stack, office, "grid_worker", "乙")
        start = now() - timedelta(minutes=10)
        shift = await make_shift(
            client, office, gate_id, start, start + timedelta(hours=6), worker_ids=[on_it["id"]]
        )
        url = f"{S}/{shift['id']}/check-in"
        stranger = await client.post(url, headers=not_on_it, json={})
        assert (stranger.status_code, stranger.json()["type"]) == (409, "/problems/not-on-shift")
        for_someone = await client.post(url, headers=not_on_it, json={"worker_id": on_it["id"]})
        assert (for_someone.status_code, for_someone.json()["type"]) == (
            403,
            "/problems/only-yourself",
        )
        unlinked = await headers_for(client, stack, "gate_volunteer", [office.community_id])
        nobody = await client.post(url, headers=unlinked, json={})
        assert nobody.json()["type"] == "/problems/no-worker-for-account"
        shown = (await client.get(f"{S}/{shift['id']}", headers=office.staff)).json()
        assert shown["workers"][0]["checked_in_at"] is None

    async def test_check_in_opens_half_an_hour_before_the_start_but_staff_may_record_it(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        worker, me = await signed_in_worker(client, stack, office, "gate_volunteer")
        start = now() + timedelta(hours=3)
        shift = await make_shift(
            client, office, gate_id, start, start + timedelta(hours=6), worker_ids=[worker["id"]]
        )
        url = f"{S}/{shift['id']}/check-in"
        too_early = await client.post(url, headers=me, json={})
        assert (too_early.status_code, too_early.json()["type"]) == (
            409,
            "/problems/check-in-outside-shift",
        )
        by_staff = await client.post(url, headers=office.staff, json={"worker_id": worker["id"]})
        assert by_staff.status_code == 200
        assert by_staff.json()["workers"][0]["checked_in_at"] is not None

    async def test_another_communitys_shift_does_not_exist(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        start = now()
        shift = await make_shift(client, office, gate_id, start, start + timedelta(hours=6))
        other = await make_office(client, stack, "乙社区")
        _, stranger = await signed_in_worker(client, stack, other, "gate_volunteer")
        response = await client.post(f"{S}/{shift['id']}/check-in", headers=stranger, json={})
        assert (response.status_code, response.json()["type"]) == (404, "/problems/shift-not-found")


class TestMine:
    async def test_a_volunteer_sees_only_their_own_shifts(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, gate_id: uuid.UUID
    ) -> None:
        worker, me = await signed_in_worker(client, stack, office, "grid_worker", "王强")
        colleague = await add_worker(client, office, "陈军")
        start = now() + timedelta(days=1)
        mine = await make_shift(
            client,
            office,
            gate_id,
            start,
            start + timedelta(hours=6),
            worker_ids=[worker["id"], colleague["id"]],
        )
        await make_shift(
            client,
            office,
            gate_id,
            start + timedelta(hours=6),
            start + timedelta(hours=12),
            worker_ids=[colleague["id"]],
        )
        past = now() - timedelta(days=3)
        await make_shift(
            client, office, gate_id, past, past + timedelta(hours=6), worker_ids=[worker["id"]]
        )
        response = await client.get(f"{S}/mine", headers=me)
        assert response.status_code == 200, response.text
        shifts = response.json()
        assert [s["shift_id"] for s in shifts] == [mine["id"]]
        assert (shifts[0]["gate_name"], shifts[0]["colleagues"]) == ("东门", ["陈军"])
        week = {"start": (past - timedelta(hours=1)).isoformat()}
        assert len((await client.get(f"{S}/mine", headers=me, params=week)).json()) == 2

    async def test_an_account_without_a_roster_entry_has_no_shifts(
        self, client: httpx.AsyncClient, stack: Stack, office: Office
    ) -> None:
        volunteer = await headers_for(client, stack, "gate_volunteer", [office.community_id])
        assert (await client.get(f"{S}/mine", headers=volunteer)).json() == []
        officer = await headers_for(client, stack, "officer", [office.community_id])
        assert (await client.get(f"{S}/mine", headers=officer)).status_code == 403
        assert (await client.get(S, headers=volunteer)).status_code == 403
