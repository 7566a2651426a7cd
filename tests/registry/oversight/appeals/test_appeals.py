"""Appeals 申诉: a household contests its own status change from the card, once per client id;
staff of the community answer on the record; grid workers see their buildings' appeals only."""

from __future__ import annotations

import httpx

from tests.builders import headers_for
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import grid_worker
from tests.registry.oversight.appeals.builders import (
    APPEALS,
    CHANGES,
    appeal_body,
    appeal_world,
    other_building,
)
from tests.supplies.builders import resident_headers


class TestSubmitting:
    async def test_the_household_sees_its_quarantine_with_the_reason_and_appeals_once(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        w = await appeal_world(client, stack)
        changes = await client.get(CHANGES, headers=w.resident)
        assert changes.status_code == 200, changes.text
        [change] = changes.json()
        assert change["record_id"] == w.quarantine["id"]
        assert (change["kind"], change["reason_code"], change["reason_label"]) == (
            "quarantine",
            "close_contact",
            "密切接触者",
        )
        assert change["reason"] == "与确诊者同乘电梯"
        assert change["until"] == w.quarantine["planned_end_date"]
        assert change["appeal"] is None

        body = appeal_body(w.quarantine["id"], phone="13800138000")
        first = await client.post(APPEALS, headers=w.resident, json=body)
        assert first.status_code == 201, first.text
        assert first.json()["status"] == "open"
        assert first.json()["phone"] == "138****8000"
        again = await client.post(APPEALS, headers=w.resident, json=body)
        assert again.status_code == 200
        assert again.json()["id"] == first.json()["id"]
        second = await client.post(
            APPEALS, headers=w.resident, json=appeal_body(w.quarantine["id"])
        )
        assert second.status_code == 409
        assert second.json()["type"] == "/problems/appeal-already-open"
        [change] = (await client.get(CHANGES, headers=w.resident)).json()
        assert change["appeal"]["id"] == first.json()["id"]

    async def test_another_households_record_is_not_found(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        w = await appeal_world(client, stack)
        neighbour = await resident_headers(client, w.staff, w.world.tree.household_ids[1])
        response = await client.post(
            APPEALS, headers=neighbour, json=appeal_body(w.quarantine["id"])
        )
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        other_pass = next(
            p for p in w.world.passes if p["household_id"] != str(w.world.tree.household_ids[1])
        )
        as_pass = appeal_body(other_pass["id"], record_type="pass")
        assert (await client.post(APPEALS, headers=neighbour, json=as_pass)).status_code == 404
        foreign = await client.get(
            CHANGES,
            headers=neighbour,
            params={"household_id": str(w.world.tree.household_ids[0])},
        )
        assert foreign.status_code == 404
        assert (await client.get(APPEALS, headers=w.staff)).json()["total"] == 0

    async def test_staff_cannot_appeal_and_bad_input_is_422(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        w = await appeal_world(client, stack)
        as_staff = await client.post(APPEALS, headers=w.staff, json=appeal_body(w.quarantine["id"]))
        assert as_staff.status_code == 403
        for bad in ({"text": ""}, {"record_type": "household"}, {"phone": "call me"}):
            body = appeal_body(w.quarantine["id"], **bad)
            assert (await client.post(APPEALS, headers=w.resident, json=body)).status_code == 422


class TestAnswering:
    async def test_staff_answer_once_and_the_card_shows_it_the_status_stays(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        w = await appeal_world(client, stack)
        appeal = (
            await client.post(APPEALS, headers=w.resident, json=appeal_body(w.quarantine["id"]))
        ).json()
        dashboard = await client.get(
            "/api/v1/dashboard", headers=w.staff, params={"community_id": str(w.world.community_id)}
        )
        figures = {f["key"]: f["value"] for f in dashboard.json()["open_work"]}
        assert figures["appeals_open"] == 1
        listed = await client.get(APPEALS, headers=w.staff, params={"status": "open"})
        assert [a["id"] for a in listed.json()["items"]] == [appeal["id"]]
        assert listed.json()["items"][0]["address"] == "东苑 1栋 1单元 101"

        path = f"{APPEALS}/{appeal['id']}/answer"
        assert (
            await client.post(path, headers=w.resident, json={"outcome": "upheld", "note": "ok"})
        ).status_code == 403
        bare = await client.post(path, headers=w.staff, json={"outcome": "changed", "note": ""})
        assert bare.status_code == 422
        note = "经核查当天不在小区，将解除隔离"
        answered = await client.post(
            path, headers=w.staff, json={"outcome": "changed", "note": note}
        )
        assert answered.status_code == 200, answered.text
        assert (answered.json()["status"], answered.json()["outcome"]) == ("answered", "changed")
        twice = await client.post(path, headers=w.staff, json={"outcome": "upheld", "note": "再议"})
        assert twice.status_code == 409
        assert twice.json()["type"] == "/problems/appeal-already-answered"

        [change] = (await client.get(CHANGES, headers=w.resident)).json()
        assert change["appeal"]["outcome"] == "changed"
        assert change["appeal"]["answer_note"] == note
        quarantine = await client.get(f"/api/v1/quarantines/{w.quarantine['id']}", headers=w.staff)
        assert quarantine.json()["status"] == "active"  # lifted only through its own route
        open_now = await client.get(APPEALS, headers=w.staff, params={"status": "open"})
        assert open_now.json()["total"] == 0

    async def test_appeals_and_answers_are_audited(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        w = await appeal_world(client, stack)
        appeal = (
            await client.post(APPEALS, headers=w.resident, json=appeal_body(w.quarantine["id"]))
        ).json()
        await client.post(
            f"{APPEALS}/{appeal['id']}/answer",
            headers=w.staff,
            json={"outcome": "upheld", "note": "密接判定属实"},
        )
        admin = await headers_for(client, stack, "admin")
        events = await client.get(
            "/api/v1/audit-events",
            headers=admin,
            params={"household_id": str(w.world.tree.household_ids[0])},
        )
        by_action = {e["action"]: e for e in events.json()["items"]}
        assert by_action["submit_appeal"]["target_id"] == appeal["id"]
        answer = by_action["answer_appeal"]
        assert (answer["reason_code"], answer["reason"]) == ("upheld", "密接判定属实")


class TestScope:
    async def test_a_grid_worker_sees_only_their_buildings_appeals(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        w = await appeal_world(client, stack)
        appeal = (
            await client.post(APPEALS, headers=w.resident, json=appeal_body(w.quarantine["id"]))
        ).json()
        community = w.world.community_id
        elsewhere = await grid_worker(
            client, stack, community, [await other_building(stack, community)]
        )
        assert (await client.get(APPEALS, headers=elsewhere)).json()["total"] == 0
        assert (await client.get(f"{APPEALS}/{appeal['id']}", headers=elsewhere)).status_code == 404
        here = await grid_worker(client, stack, community, [w.world.tree.building_id])
        assert [a["id"] for a in (await client.get(APPEALS, headers=here)).json()["items"]] == [
            appeal["id"]
        ]
        other = await headers_for(client, stack, "staff", [])
        assert (await client.get(f"{APPEALS}/{appeal['id']}", headers=other)).status_code == 404

    async def test_a_withdrawn_pass_is_a_status_change_with_its_reason(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        w = await appeal_world(client, stack)
        pass_id = next(
            p["id"]
            for p in w.world.passes
            if p["household_id"] == str(w.world.tree.household_ids[0])
        )
        body = {"reason_code": "misuse", "reason": "借给他人使用"}
        suspended = await client.post(
            f"/api/v1/passes/{pass_id}/suspend", headers=w.staff, json=body
        )
        assert suspended.status_code == 200, suspended.text
        changes = (await client.get(CHANGES, headers=w.resident)).json()
        assert [(c["kind"], c["reason_label"]) for c in changes] == [
            ("quarantine", "密切接触者"),
            ("pass_suspended", "转借或冒用"),
        ]
        appeal = await client.post(
            APPEALS, headers=w.resident, json=appeal_body(pass_id, record_type="pass")
        )
        assert appeal.status_code == 201, appeal.text
