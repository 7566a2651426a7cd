"""Planning a testing round through the gateway: the round and its slots cut from the
households, retries, status, slot edits, the home-sampling list, busyness, notice and poster."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import uuid
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from registry.health.testing_rounds import models
from registry.printing import cjk_font
from registry.residents.people.models import Person
from tests.conftest import Stack
from tests.registry.health.quarantines.builders import start_quarantine
from tests.registry.health.testing_rounds.builders import (
    R,
    create_round,
    make_estate,
    register,
    round_body,
)
from tests.supplies.builders import resident_headers
from tests.system_packages import needs


async def rounds_stored(stack: Stack) -> int:
    async with stack.registry.state.sessionmaker() as session:
        return int((await session.execute(select(func.count(models.TestingRound.id)))).scalar_one())


class TestPlanning:
    async def test_slots_cover_every_household_in_name_and_floor_order(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        created = await create_round(client, estate)
        assert created["status"] == "planned"
        assert [p["name"] for p in created["points"]] == ["一号点", "二号点"]
        response = await client.get(f"{R}/{created['id']}/slots", headers=estate.staff)
        assert response.status_code == 200, response.text
        slots = response.json()
        assert [s["starts_at"] for s in slots] == sorted(s["starts_at"] for s in slots)
        by_building: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for s in slots:
            by_building[s["building_name"]].append(s)
        assert {b: sum(s["households"] for s in v) for b, v in by_building.items()} == {
            "东苑 1栋": 12,
            "东苑 2栋": 12,
            "东苑 10栋": 12,
        }
        # 5 households a slot: floors of 3 and 4 go one a slot, a floor of 6 takes two periods
        assert [(s["from_floor"], s["to_floor"]) for s in by_building["东苑 1栋"]] == [
            (1, 1), (2, 2), (3, 3), (4, 4)
        ]  # fmt: skip
        tenth = by_building["东苑 10栋"]
        assert [(s["starts_at"], s["ends_at"]) for s in tenth] == [
            ("08:30", "08:50"), ("08:50", "09:10")
        ]  # fmt: skip
        # spread so that the points finish about together, each in name order
        assert {s["point_name"] for s in by_building["东苑 1栋"]} == {"一号点"}
        assert {s["point_name"] for s in by_building["东苑 2栋"] + tenth} == {"二号点"}
        ends = {
            p: max(s["ends_at"] for s in slots if s["point_name"] == p)
            for p in ("一号点", "二号点")
        }
        assert ends == {"一号点": "08:40", "二号点": "09:10"}

    async def test_a_retry_with_the_same_key_returns_the_first_round(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        headers = estate.staff | {"Idempotency-Key": "round-1"}
        first = await client.post(R, headers=headers, json=round_body(estate))
        again = await client.post(R, headers=headers, json=round_body(estate))
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["id"] == first.json()["id"]
        other = await client.post(R, headers=headers, json=round_body(estate, pool_size=20))
        assert other.status_code == 422
        assert other.headers["content-type"] == "application/problem+json"
        assert other.json()["type"] == "/problems/idempotency-key-reused"
        assert await rounds_stored(stack) == 1
        slots = await client.get(f"{R}/{first.json()['id']}/slots", headers=estate.staff)
        assert sum(s["households"] for s in slots.json()) == 36

    async def test_the_same_key_twice_at_once_makes_one_round(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        headers = estate.staff | {"Idempotency-Key": "round-at-once"}
        answers = await asyncio.gather(
            *(client.post(R, headers=headers, json=round_body(estate)) for _ in range(3))
        )
        assert sorted(a.status_code for a in answers) == [200, 200, 201]
        assert len({a.json()["id"] for a in answers}) == 1
        assert await rounds_stored(stack) == 1

    async def test_points_too_small_refuse_the_round_and_store_nothing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        tight = [{"name": "一号点", "opens_at": "08:00", "closes_at": "08:30"}]
        response = await client.post(R, headers=estate.staff, json=round_body(estate, points=tight))
        assert response.status_code == 422, response.text
        assert response.json()["type"] == "/problems/points-too-small"
        assert response.json()["overrun_minutes"] == 80
        assert await rounds_stored(stack) == 0

    async def test_bad_input_is_a_problem(self, client: httpx.AsyncClient, stack: Stack) -> None:
        estate = await make_estate(client, stack)
        backwards = [{"name": "一号点", "opens_at": "12:00", "closes_at": "08:00"}]
        for fields in ({"pool_size": 3}, {"points": []}, {"points": backwards}):
            response = await client.post(R, headers=estate.staff, json=round_body(estate, **fields))
            assert response.status_code == 422, fields
            assert response.headers["content-type"] == "application/problem+json"
        elsewhere = round_body(estate, community_id=str(uuid.uuid4()))
        assert (await client.post(R, headers=estate.staff, json=elsewhere)).status_code == 404
        assert await rounds_stored(stack) == 0

    async def test_status_goes_planned_sampling_closed_only(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        created = await create_round(client, estate)
        path = f"{R}/{created['id']}"

        async def patch(body: dict[str, Any]) -> httpx.Response:
            return await client.patch(path, headers=estate.staff, json=body)

        assert (await patch({"status": "closed"})).status_code == 409
        renamed = await patch({"status": "sampling", "name": "第二轮"})
        assert renamed.status_code == 200
        assert (renamed.json()["status"], renamed.json()["name"]) == ("sampling", "第二轮")
        assert (await patch({"status": "sampling"})).status_code == 200  # a retry
        back = await patch({"status": "planned"})
        assert back.status_code == 409
        assert back.json()["type"] == "/problems/round-status-conflict"
        assert (await patch({"status": "closed"})).json()["status"] == "closed"
        assert (await patch({"status": "sampling"})).status_code == 409

    async def test_newest_round_first_and_only_the_callers_community(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        older = await create_round(client, estate, round_date="2026-01-01")
        newer = await create_round(client, estate)
        other = await make_estate(client, stack, layout={"1栋": [1]}, name="别的社区")
        await create_round(client, other)
        listed = await client.get(R, headers=estate.staff)
        assert [r["id"] for r in listed.json()["items"]] == [newer["id"], older["id"]]
        got = await client.get(f"{R}/{older['id']}", headers=estate.staff)
        assert got.json()["points"][0]["opens_at"] == "08:00"
        foreign = await client.get(f"{R}/{older['id']}", headers=other.staff)
        assert foreign.status_code == 404


class TestSlotEdits:
    async def test_a_slot_is_moved_by_hand_within_the_points_hours(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        created = await create_round(client, estate)
        slots = (await client.get(f"{R}/{created['id']}/slots", headers=estate.staff)).json()
        slot = next(s for s in slots if s["building_name"] == "东苑 1栋")
        second = next(p for p in created["points"] if p["name"] == "二号点")
        path = f"{R}/{created['id']}/slots/{slot['id']}"
        body = {"point_id": second["id"], "starts_at": "10:00", "ends_at": "10:30", "to_floor": 2}
        moved = await client.patch(path, headers=estate.staff, json=body)
        assert moved.status_code == 200, moved.text
        assert moved.json() | {"id": None} == {
            **slot,
            "id": None,
            "point_id": second["id"],
            "point_name": "二号点",
            "starts_at": "10:00",
            "ends_at": "10:30",
            "to_floor": 2,
            "households": 6,
        }

    async def test_bad_slot_edits_change_nothing(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        created = await create_round(client, estate)
        other_round = await create_round(client, estate)
        slots = (await client.get(f"{R}/{created['id']}/slots", headers=estate.staff)).json()
        path = f"{R}/{created['id']}/slots/{slots[0]['id']}"
        for body in (
            {"point_id": other_round["points"][0]["id"]},
            {"starts_at": "07:30"},
            {"ends_at": "12:30"},
            {"starts_at": "09:00", "ends_at": "08:50"},
            {"from_floor": 3, "to_floor": 1},
            {"from_floor": None},
            {"starts_at": "8 o'clock"},
        ):
            response = await client.patch(path, headers=estate.staff, json=body)
            assert response.status_code == 422, body
            assert response.headers["content-type"] == "application/problem+json"
        elsewhere = f"{R}/{other_round['id']}/slots/{slots[0]['id']}"
        assert (await client.patch(elsewhere, headers=estate.staff, json={})).status_code == 404
        after = (await client.get(f"{R}/{created['id']}/slots", headers=estate.staff)).json()
        assert after == slots

    async def test_a_closed_rounds_slots_no_longer_change(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        created = await create_round(client, estate)
        for status in ("sampling", "closed"):
            path = f"{R}/{created['id']}"
            await client.patch(path, headers=estate.staff, json={"status": status})
        slots = (await client.get(f"{R}/{created['id']}/slots", headers=estate.staff)).json()
        path = f"{R}/{created['id']}/slots/{slots[0]['id']}"
        response = await client.patch(path, headers=estate.staff, json={"to_floor": 1})
        assert response.status_code == 409


class TestArrangements:
    async def test_quarantined_and_disabled_people_are_sampled_at_home(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        quarantined = estate.household("2栋", 3)
        started = await start_quarantine(client, estate.staff, quarantined, kind="home")
        assert started.status_code == 201, started.text
        disabled = estate.person("1栋", 1)
        async with stack.registry.state.sessionmaker() as session:
            person = await session.get(Person, disabled)
            assert person is not None
            person.disability = True
            await session.commit()
        created = await create_round(client, estate)
        path = f"{R}/{created['id']}/arrangements"
        listed = await client.get(
            path, headers=estate.staff, params={"arrangement": "home_sampling"}
        )
        assert listed.status_code == 200, listed.text
        rows = listed.json()
        assert [(r["building_name"], r["floor"], r["reason"], r["name"]) for r in rows] == [
            ("东苑 1栋", 1, "bedridden", "王**"),
            ("东苑 2栋", 3, "quarantined", "李*"),
            ("东苑 2栋", 3, "quarantined", "王**"),
        ]
        assert {r["household_id"] for r in rows[1:]} == {str(quarantined)}
        excluded = await client.get(path, headers=estate.staff, params={"arrangement": "excluded"})
        assert excluded.json() == []

    async def test_staff_put_people_on_a_list_and_take_them_off(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        created = await create_round(client, estate)
        person = estate.person("10栋", 2)
        path = f"{R}/{created['id']}/arrangements/{person}"
        body = {"arrangement": "excluded", "reason": "in_hospital", "note": "市一院"}
        put = await client.put(path, headers=estate.staff, json=body)
        assert put.status_code == 200, put.text
        assert put.json()["name"] == "王**"
        assert (put.json()["floor"], put.json()["room"], put.json()["note"]) == (2, "201", "市一院")
        body = {"arrangement": "home_sampling", "reason": "bedridden"}
        changed = await client.put(path, headers=estate.staff, json=body)
        assert (changed.json()["arrangement"], changed.json()["note"]) == ("home_sampling", "")
        listed = await client.get(f"{R}/{created['id']}/arrangements", headers=estate.staff)
        assert [r["person_id"] for r in listed.json()] == [str(person)]
        assert (await client.delete(path, headers=estate.staff)).status_code == 204
        assert (await client.delete(path, headers=estate.staff)).status_code == 204
        listed = await client.get(f"{R}/{created['id']}/arrangements", headers=estate.staff)
        assert listed.json() == []

    async def test_people_of_another_community_and_bad_reasons_are_refused(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        other = await make_estate(client, stack, layout={"1栋": [1]}, name="别的社区")
        created = await create_round(client, estate)
        stranger = other.person("1栋", 1)
        path = f"{R}/{created['id']}/arrangements/{stranger}"
        body = {"arrangement": "excluded", "reason": "away"}
        assert (await client.put(path, headers=estate.staff, json=body)).status_code == 404
        assert (await client.delete(path, headers=estate.staff)).status_code == 404
        own = f"{R}/{created['id']}/arrangements/{estate.person('1栋', 1)}"
        wrong = {"arrangement": "excluded", "reason": "quarantined"}
        assert (await client.put(own, headers=estate.staff, json=wrong)).status_code == 422
        listed = await client.get(f"{R}/{created['id']}/arrangements", headers=estate.staff)
        assert listed.json() == []


class TestResidentsAndPrint:
    async def test_busyness_counts_the_last_ten_minutes_per_table(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        points = [
            {"name": "一号点", "opens_at": "08:00", "closes_at": "12:00", "tables": 1},
            {"name": "二号点", "opens_at": "08:00", "closes_at": "12:00", "tables": 2},
            {"name": "三号点", "opens_at": "08:00", "closes_at": "12:00", "tables": 1},
        ]
        created = await create_round(client, estate, points=points)
        one, two, three = (p["id"] for p in created["points"])
        people = [p for ids in estate.people.values() for p in ids]
        for person in people[:10]:  # 10 at one table: busy
            await register(stack, estate, created, person, point_id=one)
        for person in people[10:30]:  # 20 at two tables: busy, not crowded
            await register(stack, estate, created, person, point_id=two)
        for person in people[30:50]:  # 20 at one table: crowded
            await register(stack, estate, created, person, point_id=three)
        for person in people[50:60]:  # earlier, or duplicates: not counted
            await register(stack, estate, created, person, point_id=one, ago=timedelta(minutes=11))
            await register(stack, estate, created, person, point_id=two, duplicate=True)
        resident = await resident_headers(client, estate.staff, estate.household("1栋", 1))
        response = await client.get(f"{R}/{created['id']}/points/busyness", headers=resident)
        assert response.status_code == 200, response.text
        assert [(p["name"], p["registrations_10min"], p["level"]) for p in response.json()] == [
            ("一号点", 10, "busy"),
            ("三号点", 20, "crowded"),
            ("二号点", 20, "busy"),
        ]
        other = await make_estate(client, stack, layout={"1栋": [1]}, name="别的社区")
        stranger = await resident_headers(client, other.staff, other.household("1栋", 1))
        refused = await client.get(f"{R}/{created['id']}/points/busyness", headers=stranger)
        assert refused.status_code == 404
        assert (await client.get(R, headers=resident)).status_code == 403

    async def test_the_schedule_is_published_as_a_notice_once(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        estate = await make_estate(client, stack)
        created = await create_round(client, estate)
        first = await client.post(f"{R}/{created['id']}/notice", headers=estate.staff)
        assert first.status_code == 201, first.text
        notice = first.json()
        assert notice["title"] == "第一轮全员核酸 采样时间安排"
        assert "东苑 1栋：1层 08:00–08:10 一号点" in notice["body"]
        assert notice["body"].index("东苑 2栋") < notice["body"].index("东苑 10栋")
        again = await client.post(f"{R}/{created['id']}/notice", headers=estate.staff)
        assert (again.status_code, again.json()["notice_id"]) == (200, notice["notice_id"])
        listed = await client.get("/api/v1/notices", headers=estate.staff)
        assert [n["id"] for n in listed.json()["items"]] == [notice["notice_id"]]

    @needs(cjk_font() is not None, "fonts-noto-cjk")
    @needs(shutil.which("pdftotext") is not None, "poppler-utils")
    async def test_a_buildings_poster_is_a_pdf_of_its_slots(
        self, client: httpx.AsyncClient, stack: Stack, tmp_path: Path
    ) -> None:
        estate = await make_estate(client, stack)
        created = await create_round(client, estate)
        path = f"{R}/{created['id']}/posters/{estate.buildings['10栋']}"
        response = await client.get(path, headers=estate.staff)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        pdf = tmp_path / "poster.pdf"
        pdf.write_bytes(response.content)
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode()
        for shown in ("东苑 10栋", "2层", "08:50–09:10", "二号点", "北门"):
            assert shown in text
        other = f"{R}/{created['id']}/posters/{uuid.uuid4()}"
        assert (await client.get(other, headers=estate.staff)).status_code == 404
