"""Offline gates: batch upload exactly once (also under concurrent duplicate uploads), partial
acceptance, server re-checks that flag offline verdicts, and the offline bundle and its sync."""

from __future__ import annotations

import asyncio
import base64
import gzip
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select

from registry.access.gates.models import GateLog
from tests.conftest import Stack
from tests.registry.access.gates.builders import GateWorld, make_gate_world, set_household_status


def offline(world: GateWorld, pass_read: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "gate_id": str(world.gate_id),
        "token": pass_read["token"],
        "direction": "out",
        "temperature": 36.6,
        "mask": True,
        "occurred_at": datetime.now(UTC).isoformat(),
        "verdict": "allow",
    }
    body.update(overrides)
    return body


async def stored_logs(stack: Stack) -> int:
    async with stack.registry.state.sessionmaker() as session:
        return int((await session.execute(select(func.count(GateLog.id)))).scalar_one())


def compact(value: str) -> str:
    return base64.urlsafe_b64encode(uuid.UUID(value).bytes).decode().rstrip("=")


class TestBatch:
    async def test_valid_logs_accepted_invalid_reported(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=2)
        good = [offline(world, p) for p in world.passes]
        bad_temperature = offline(world, world.passes[0], temperature=46)
        no_client_id = {
            k: v for k, v in offline(world, world.passes[0]).items() if k != "client_id"
        }
        future = offline(
            world, world.passes[0], occurred_at=(datetime.now(UTC) + timedelta(days=1)).isoformat()
        )
        response = await client.post(
            "/api/v1/gate/logs:batch",
            headers=world.volunteer,
            json={"logs": [good[0], bad_temperature, no_client_id, good[1], future, "junk"]},
        )
        assert response.status_code == 200, response.text
        result = response.json()
        assert sorted(result["accepted"]) == sorted(g["client_id"] for g in good)
        rejected = {r["index"]: r for r in result["rejected"]}
        assert set(rejected) == {1, 2, 4, 5}
        assert rejected[1]["client_id"] == bad_temperature["client_id"]
        assert rejected[1]["errors"][0].startswith("temperature")
        assert rejected[4]["client_id"] == future["client_id"]
        assert await stored_logs(stack) == 2
        logs = (await client.get("/api/v1/gate/logs", headers=world.staff)).json()["items"]
        assert {log["occurred_at"][:16] for log in logs} == {good[0]["occurred_at"][:16]}
        assert all(log["offline"] and log["received_at"] > log["occurred_at"] for log in logs)

    async def test_concurrent_duplicate_batches_store_each_log_once(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        rule = {"quota_scope": "household", "quota_exits": 1, "quota_period_days": 1}
        world = await make_gate_world(client, stack, households=3, rule=rule)
        batch = [offline(world, world.passes[i % 3], direction="in") for i in range(60)]
        batch += [offline(world, p) for p in world.passes]  # one exit per household
        responses = await asyncio.gather(
            *(
                client.post(
                    "/api/v1/gate/logs:batch", headers=world.volunteer, json={"logs": batch}
                )
                for _ in range(6)
            )
        )
        assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
        accepted = [c for r in responses for c in r.json()["accepted"]]
        assert sorted(accepted) == sorted(b["client_id"] for b in batch)
        for r in responses:
            assert len(r.json()["duplicates"]) + len(r.json()["accepted"]) == 63, r.json()
        assert all(r.json()["flagged"] == [] for r in responses)
        assert await stored_logs(stack) == 63
        retry = await client.post(
            "/api/v1/gate/logs:batch", headers=world.volunteer, json={"logs": batch}
        )
        assert retry.json()["accepted"] == []
        assert await stored_logs(stack) == 63

    async def test_server_flags_what_it_would_have_denied(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        rule = {"quota_scope": "household", "quota_exits": 1, "quota_period_days": 1}
        world = await make_gate_world(client, stack, households=3, rule=rule)
        a, b, c = world.passes
        await client.post(
            f"/api/v1/passes/{a['id']}/revoke",
            headers=world.staff,
            json={"reason_code": "moved_out"},
        )
        await set_household_status(stack, world.tree.household_ids[1], "home_quarantine")
        first_exit = offline(world, c)
        second_exit = offline(world, c)
        denied_on_phone = offline(world, a, verdict="deny", reason="revoked")
        response = await client.post(
            "/api/v1/gate/logs:batch",
            headers=world.volunteer,
            json={
                "logs": [
                    offline(world, a),
                    offline(world, b),
                    first_exit,
                    second_exit,
                    denied_on_phone,
                ]
            },
        )
        result = response.json()
        assert len(result["accepted"]) == 5
        flagged = {f["server_reason"] for f in result["flagged"]}
        assert flagged == {"revoked", "quarantined", "quota_used"}
        logs = await client.get("/api/v1/gate/logs", headers=world.staff, params={"flagged": True})
        assert logs.json()["total"] == 3
        kept = await client.get(
            "/api/v1/gate/logs", headers=world.staff, params={"verdict": "allow"}
        )
        assert kept.json()["total"] == 4  # the phone's verdicts are what happened at the gate


class TestBundle:
    async def test_bundle_and_changes_since(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=4)
        a, b, c, _ = world.passes
        await client.post(
            f"/api/v1/passes/{a['id']}/revoke",
            headers=world.staff,
            json={"reason_code": "moved_out"},
        )
        await client.post(
            f"/api/v1/passes/{b['id']}/suspend", headers=world.staff, json={"reason_code": "misuse"}
        )
        await set_household_status(stack, world.tree.household_ids[2], "home_quarantine")
        params = {"community_id": str(world.community_id)}
        response = await client.get("/api/v1/gate/bundle", headers=world.volunteer, params=params)
        assert response.status_code == 200, response.text
        bundle = response.json()
        assert bundle["revoked"] == [compact(a["id"])]
        assert bundle["suspended"] == [compact(b["id"])]
        assert bundle["quarantined_households"] == [compact(c["household_id"])]
        assert [k["kid"] for k in bundle["keys"]] == [a["kid"]]
        assert bundle["rules"]["fever_threshold"] == 37.3
        assert len(gzip.compress(response.content)) < 4096
        version = bundle["version"]
        await client.post(f"/api/v1/passes/{b['id']}/resume", headers=world.staff, json={})
        changes = await client.get(
            "/api/v1/gate/bundle", headers=world.volunteer, params={**params, "since": version}
        )
        body = changes.json()
        assert body["version"] > version
        assert body["changes"] == [{"id": compact(b["id"]), "status": "active"}]
        assert "revoked" not in body
        unchanged = await client.get(
            "/api/v1/gate/bundle",
            headers=world.volunteer,
            params={**params, "since": body["version"]},
        )
        assert unchanged.json()["changes"] == []

    async def test_bundle_scope_and_input(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=1)
        other = await make_gate_world(client, stack, households=1, name="别的社区")
        response = await client.get(
            "/api/v1/gate/bundle",
            headers=world.volunteer,
            params={"community_id": str(other.community_id)},
        )
        assert response.status_code == 404
        for params in (
            {},
            {"community_id": "x"},
            {"community_id": str(world.community_id), "since": -1},
        ):
            bad = await client.get("/api/v1/gate/bundle", headers=world.volunteer, params=params)
            assert bad.status_code == 422
        too_many = await client.post(
            "/api/v1/gate/logs:batch", headers=world.volunteer, json={"logs": [{}] * 5001}
        )
        assert too_many.status_code == 422


class TestStores:
    async def test_every_store_stores_each_client_id_once(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        """The store the app runs with and another replica's on the same database, racing."""
        from registry.access.gates.writer import LogRow, store_for

        world = await make_gate_world(client, stack, households=1)
        now = datetime.now(UTC)

        def row(client_id: uuid.UUID) -> LogRow:
            return LogRow(
                {
                    "id": uuid.uuid4(),
                    "client_id": client_id,
                    "community_id": world.community_id,
                    "gate_id": world.gate_id,
                    "pass_id": None,
                    "household_id": None,
                    "direction": "in",
                    "temperature": 36.5,
                    "mask": True,
                    "note": "",
                    "verdict": "allow",
                    "reason": None,
                    "fever": False,
                    "offline": True,
                    "flagged": False,
                    "server_reason": None,
                    "logged_by": "user:test",
                    "recorder_unverified": False,
                    "occurred_at": now,
                    "received_at": now,
                }
            )

        ids = [uuid.uuid4() for _ in range(40)]
        other = store_for(stack.registry.state.engine)
        stores = [stack.registry.state.gate_log_writer.store, other]
        try:
            results = await asyncio.gather(
                *(store.write([row(i) for i in ids]) for store in stores * 3)
            )
        finally:
            other.close()
        inserted = [i for result in results for i, s in zip(ids, result, strict=True) if s.inserted]
        assert sorted(inserted) == sorted(ids)
        assert await stored_logs(stack) == 40
