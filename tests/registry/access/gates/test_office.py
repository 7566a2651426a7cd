"""What the office reads and sets about gates: rules, checkpoints and volunteers, live figures per
gate and hour, the last passage of a household, and the visitor register (phones masked)."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from tests.builders import headers_for
from tests.conftest import Stack
from tests.registry.access.gates.builders import log_passage, make_gate_world, scan

SHANGHAI = ZoneInfo("Asia/Shanghai")


class TestRules:
    async def test_defaults_set_and_bad_input(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        url = f"/api/v1/gate-rules/{world.community_id}"
        defaults = (await client.get(url, headers=world.volunteer)).json()
        assert (defaults["fever_threshold"], defaults["mask_required"]) == (37.3, True)
        assert defaults["quota_scope"] == "none"
        assert "37.3" in defaults["rule_text"]
        rule = {
            "fever_threshold": 37.5,
            "quota_scope": "person",
            "quota_exits": 1,
            "quota_period_days": 1,
            "curfew_start": "22:00",
            "curfew_end": "06:00",
        }
        saved = await client.put(url, headers=world.staff, json=rule)
        assert saved.status_code == 200, saved.text
        assert "每人每天限外出1次" in saved.json()["rule_text"]
        assert "22:00–06:00" in saved.json()["rule_text"]
        hot = await log_passage(client, world, world.passes[0], temperature=37.4, direction="in")
        assert hot["verdict"] == "allow"
        for bad in (
            {"curfew_start": "22:00"},
            {"curfew_start": "22:00", "curfew_end": "22:00"},
            {"fever_threshold": 50},
            {"quota_exits": 0},
            {"quota_scope": "city"},
            {"mask": True},
        ):
            response = await client.put(url, headers=world.staff, json=bad)
            assert response.status_code == 422, (bad, response.text)
        assert (await client.get(url, headers=world.staff)).json()["fever_threshold"] == 37.5
        refused = await client.put(url, headers=world.volunteer, json=rule)
        assert refused.status_code == 403
        elsewhere = await client.get(f"/api/v1/gate-rules/{uuid.uuid4()}", headers=world.staff)
        assert elsewhere.status_code == 404


class TestGates:
    async def test_gates_and_volunteers(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=1)
        again = await client.post(
            "/api/v1/gate/gates",
            headers=world.staff,
            json={"community_id": str(world.community_id), "name": "东门"},
        )
        assert again.status_code == 409
        west = await client.post(
            "/api/v1/gate/gates",
            headers=world.staff,
            json={"community_id": str(world.community_id), "name": "西门"},
        )
        staff_view = (await client.get("/api/v1/gate/gates", headers=world.staff)).json()
        assert {g["name"] for g in staff_view} == {"东门", "西门"}
        mine = (await client.get("/api/v1/gate/gates", headers=world.volunteer)).json()
        assert [g["name"] for g in mine] == ["东门"]
        moved = await client.put(
            f"/api/v1/gate/gates/{west.json()['id']}/volunteers",
            headers=world.staff,
            json={"subjects": [world.volunteer_subject]},
        )
        assert moved.status_code == 200
        verdict = await client.post(
            "/api/v1/gate/verify",
            headers=world.volunteer,
            json={"gate_id": west.json()["id"], "token": world.passes[0]["token"]},
        )
        assert verdict.json()["verdict"] == "allow"
        missing = await client.put(
            f"/api/v1/gate/gates/{uuid.uuid4()}/volunteers",
            headers=world.staff,
            json={"subjects": []},
        )
        assert missing.status_code == 404


class TestFigures:
    async def test_figures_and_last_passage(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_gate_world(client, stack, households=2)
        a, b = world.passes
        await log_passage(client, world, a, direction="out")
        await log_passage(client, world, a, direction="in")
        await log_passage(client, world, b, temperature=38.2)
        await scan(client, world, "FORGED")
        officer = await headers_for(client, stack, "officer", [world.community_id])
        response = await client.get(
            "/api/v1/gate/figures",
            headers=officer,
            params={"community_id": str(world.community_id)},
        )
        assert response.status_code == 200, response.text
        figures = response.json()
        assert figures["totals"] == {
            "passages_out": 1,
            "passages_in": 1,
            "denied": 2,
            "fever_referrals": 1,
        }
        (hour,) = figures["hours"]
        assert hour["gate_name"] == "东门"
        assert hour["denied_by_reason"] == {"fever": 1, "forged": 1}
        assert hour["hour"].startswith(datetime.now(SHANGHAI).strftime("%Y-%m-%dT%H:00:00"))
        last = await client.get(
            f"/api/v1/gate/households/{a['household_id']}/last-passage", headers=world.staff
        )
        assert last.json()["last"]["direction"] == "in"
        assert last.json()["gate_name"] == "东门"
        never = await client.get(
            f"/api/v1/gate/households/{b['household_id']}/last-passage", headers=world.staff
        )
        assert never.json()["last"] is None
        assert (await client.get("/api/v1/gate/logs", headers=officer)).status_code == 403
        volunteer_figures = await client.get(
            "/api/v1/gate/figures",
            headers=world.volunteer,
            params={"community_id": str(world.community_id)},
        )
        assert volunteer_figures.status_code == 403
        bad_day = await client.get(
            "/api/v1/gate/figures",
            headers=world.staff,
            params={"community_id": str(world.community_id), "day": "2020-02-30"},
        )
        assert bad_day.status_code == 422


class TestVisitors:
    async def test_visitors_couriers_returnees(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_gate_world(client, stack, households=1)
        courier = {
            "client_id": str(uuid.uuid4()),
            "gate_id": str(world.gate_id),
            "kind": "courier",
            "name": "李师傅",
            "phone": "13912345678",
            "purpose": "送菜",
            "visiting": "3栋 201 的订单",
            "temperature": 36.4,
        }
        first = await client.post("/api/v1/gate/visitors", headers=world.volunteer, json=courier)
        assert first.status_code == 201, first.text
        assert first.json()["phone"] == "139****5678"
        again = await client.post("/api/v1/gate/visitors", headers=world.volunteer, json=courier)
        assert again.json()["duplicate"] is True
        assert again.json()["id"] == first.json()["id"]
        returnee = {
            **courier,
            "client_id": str(uuid.uuid4()),
            "kind": "returnee",
            "name": "王五",
            "from_city": "武汉",
            "transport": "火车 G1234",
            "arrival_date": datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat(),
            "household_id": str(world.tree.household_ids[0]),
            "temperature": 37.6,
        }
        back = await client.post("/api/v1/gate/visitors", headers=world.volunteer, json=returnee)
        assert back.status_code == 201, back.text
        assert back.json()["fever"] is True
        for bad in (
            {**returnee, "client_id": str(uuid.uuid4()), "from_city": ""},
            {**courier, "client_id": str(uuid.uuid4()), "phone": "12345"},
            {**courier, "client_id": str(uuid.uuid4()), "temperature": 25},
        ):
            response = await client.post("/api/v1/gate/visitors", headers=world.volunteer, json=bad)
            assert response.status_code == 422, response.text
        listed = await client.get(
            "/api/v1/gate/visitors", headers=world.staff, params={"kind": "returnee"}
        )
        assert [v["name"] for v in listed.json()["items"]] == ["王五"]
        assert (
            await client.get("/api/v1/gate/visitors", headers=world.volunteer)
        ).status_code == 403
