"""Bulk status changes need a second approval: past the community's hourly threshold of
households per account, a quarantine start or a pass suspension or revocation is held (202 with
a pending id) until a different account approves (then it takes effect) or rejects it."""

from __future__ import annotations

from typing import Any

import httpx

from tests.builders import headers_for
from tests.conftest import Stack
from tests.registry.access.gates.builders import GateWorld, make_gate_world
from tests.registry.health.quarantines.builders import quarantine_order, start_quarantine

APPROVALS = "/api/v1/bulk-approvals"
Q = "/api/v1/quarantines"


async def _world(client: httpx.AsyncClient, stack: Stack, threshold: int = 2) -> GateWorld:
    world = await make_gate_world(client, stack, households=4)
    admin = await headers_for(client, stack, "admin")
    rule = {"default_days": 14, "bulk_change_threshold": threshold}
    set_rule = await client.put(
        f"/api/v1/quarantine-rules/{world.community_id}", headers=admin, json=rule
    )
    assert set_rule.status_code == 200, set_rule.text
    assert set_rule.json()["bulk_change_threshold"] == threshold
    return world


def _pass_of(world: GateWorld, n: int) -> dict[str, Any]:
    household = str(world.tree.household_ids[n])
    return next(p for p in world.passes if p["household_id"] == household)


class TestQuarantines:
    async def test_the_one_past_the_threshold_waits_for_another_account(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await _world(client, stack)
        households = world.tree.household_ids
        for n in (0, 1):
            started = await start_quarantine(client, world.staff, households[n])
            assert started.status_code == 201, started.text
        order = quarantine_order(households[2])
        held = await client.post(Q, headers=world.staff, json=order)
        assert held.status_code == 202, held.text
        assert held.headers["content-type"] == "application/json"
        pending_id = held.json()["pending_approval_id"]
        again = await client.post(Q, headers=world.staff, json=order)  # a retry
        assert (again.status_code, again.json()["pending_approval_id"]) == (202, pending_id)
        listed = await client.get(Q, headers=world.staff, params={"status": "active"})
        assert listed.json()["total"] == 2
        pending = await client.get(APPROVALS, headers=world.staff, params={"status": "pending"})
        [item] = pending.json()["items"]
        assert (item["id"], item["action"], item["reason_code"]) == (
            pending_id,
            "start_quarantine",
            "close_contact",
        )

        dashboard = await client.get(
            "/api/v1/dashboard",
            headers=world.staff,
            params={"community_id": str(world.community_id)},
        )
        assert dashboard.status_code == 200, dashboard.text
        figures = {f["key"]: f for f in dashboard.json()["open_work"]}
        assert figures["bulk_changes_pending"]["value"] == 1
        assert figures["bulk_changes_pending"]["link"].startswith("/api/v1/bulk-approvals?")

        own = await client.post(f"{APPROVALS}/{pending_id}/approve", headers=world.staff, json={})
        assert own.status_code == 403
        assert own.json()["type"] == "/problems/own-bulk-change"
        second = await headers_for(client, stack, "staff", [world.community_id])
        approved = await client.post(
            f"{APPROVALS}/{pending_id}/approve", headers=second, json={"note": "已核对名单"}
        )
        assert approved.status_code == 200, approved.text
        assert approved.json()["status"] == "approved"
        quarantine = await client.get(f"{Q}/{approved.json()['result_id']}", headers=second)
        assert quarantine.json()["household_id"] == str(households[2])
        assert quarantine.json()["reason_code"] == "close_contact"
        the_pass = await client.get(f"/api/v1/passes/{_pass_of(world, 2)['id']}", headers=second)
        assert the_pass.json()["effective_status"] == "suspended"
        twice = await client.post(f"{APPROVALS}/{pending_id}/approve", headers=second, json={})
        assert twice.status_code == 409

    async def test_only_administrators_set_the_threshold(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await _world(client, stack)
        raised = await client.put(
            f"/api/v1/quarantine-rules/{world.community_id}",
            headers=world.staff,
            json={"default_days": 14, "bulk_change_threshold": 500},
        )
        assert raised.status_code == 403
        same = await client.put(
            f"/api/v1/quarantine-rules/{world.community_id}",
            headers=world.staff,
            json={"default_days": 10},
        )
        assert same.status_code == 200
        assert same.json()["bulk_change_threshold"] == 2


class TestPasses:
    async def test_a_held_suspension_rejected_changes_nothing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await _world(client, stack)
        body = {"reason_code": "official_order", "reason": "街道〔2022〕7号"}
        for n in (0, 1):
            done = await client.post(
                f"/api/v1/passes/{_pass_of(world, n)['id']}/suspend", headers=world.staff, json=body
            )
            assert done.status_code == 200, done.text
        third = _pass_of(world, 2)["id"]
        held = await client.post(f"/api/v1/passes/{third}/revoke", headers=world.staff, json=body)
        assert held.status_code == 202, held.text
        pending_id = held.json()["pending_approval_id"]
        second = await headers_for(client, stack, "staff", [world.community_id])
        rejected = await client.post(
            f"{APPROVALS}/{pending_id}/reject", headers=second, json={"note": "名单有误"}
        )
        assert rejected.status_code == 200, rejected.text
        assert rejected.json()["status"] == "rejected"
        the_pass = await client.get(f"/api/v1/passes/{third}", headers=world.staff)
        assert the_pass.json()["status"] == "active"

    async def test_an_approved_revocation_takes_effect(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await _world(client, stack, threshold=1)
        body = {"reason_code": "moved_out"}
        first = _pass_of(world, 0)["id"]
        done = await client.post(f"/api/v1/passes/{first}/revoke", headers=world.staff, json=body)
        assert done.status_code == 200
        other = _pass_of(world, 1)["id"]
        held = await client.post(f"/api/v1/passes/{other}/revoke", headers=world.staff, json=body)
        assert held.status_code == 202
        admin = await headers_for(client, stack, "admin")
        approved = await client.post(
            f"{APPROVALS}/{held.json()['pending_approval_id']}/approve", headers=admin, json={}
        )
        assert approved.status_code == 200, approved.text
        the_pass = await client.get(f"/api/v1/passes/{other}", headers=world.staff)
        assert (the_pass.json()["status"], the_pass.json()["reason_code"]) == (
            "revoked",
            "moved_out",
        )
