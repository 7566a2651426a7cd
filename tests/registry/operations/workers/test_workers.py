"""The roster 工作人员 through the gateway: entries, filters, masked phones, audited reveal,
idempotent retries, and bad input that changes nothing."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import func, select

from registry.operations.workers.models import Worker
from registry.residents.audit.models import AuditEvent
from tests.builders import headers_for
from tests.conftest import Stack
from tests.registry.operations.shifts.builders import local, make_gate, make_shift, put_on, today
from tests.registry.operations.workers.builders import Office, W, add_worker, make_office, new_phone


@pytest.fixture
async def office(client: httpx.AsyncClient, stack: Stack) -> Office:
    return await make_office(client, stack)


async def worker_count(stack: Stack) -> int:
    async with stack.registry.state.sessionmaker() as session:
        return int((await session.execute(select(func.count(Worker.id)))).scalar_one())


class TestEntries:
    async def test_an_entry_shows_its_category_age_skills_and_a_masked_phone(
        self, client: httpx.AsyncClient, office: Office
    ) -> None:
        phone = new_phone()
        worker = await add_worker(
            client,
            office,
            "刘建国",
            phone=phone,
            age=50,
            skills=["驾驶", " 测温 ", "驾驶"],
            availability=[{"weekdays": [6, 7], "start": "20:00", "end": "08:00"}],
            availability_note="周末夜班",
            account_username="gate7",
        )
        assert worker["phone"] == phone[:3] + "****" + phone[-4:]
        assert worker["category_name"] == "退役军人"
        assert worker["age"] == 50
        assert worker["birth_year"] == today().year - 50
        assert worker["skills"] == ["驾驶", "测温"]
        assert worker["availability"] == [
            {"weekdays": [6, 7], "start": "20:00:00", "end": "08:00:00"}
        ]
        assert (worker["has_account"], worker["kind"], worker["active"]) == (
            True,
            "volunteer",
            True,
        )

    async def test_filters_and_pages(self, client: httpx.AsyncClient, office: Office) -> None:
        phone = new_phone()
        await add_worker(client, office, "郑国庆", category="retired_cadre", phone=phone)
        await add_worker(client, office, "黄丽", category="party_member", skills=["心理疏导"])
        await add_worker(
            client,
            office,
            "王强",
            category="social_worker",
            kind="grid_worker",
            account_username="grid9",
        )
        await add_worker(client, office, "唐磊", category="resident_volunteer", active=False)

        async def names(**params: object) -> list[str]:
            response = await client.get(W, headers=office.staff, params=params)
            assert response.status_code == 200, response.text
            return [w["name"] for w in response.json()["items"]]

        assert await names(category="retired_cadre") == ["郑国庆"]
        assert await names(kind="grid_worker") == ["王强"]
        assert await names(has_account=True) == ["王强"]
        assert await names(active=False) == ["唐磊"]
        assert await names(skill="心理疏导") == ["黄丽"]
        assert await names(q="国庆") == ["郑国庆"]
        assert await names(q=phone) == ["郑国庆"]
        page = (await client.get(W, headers=office.staff, params={"limit": 2})).json()
        assert (page["total"], len(page["items"]), page["limit"]) == (4, 2, 2)

    async def test_corrections_change_only_what_is_sent(
        self, client: httpx.AsyncClient, office: Office
    ) -> None:
        worker = await add_worker(client, office, "孙桂英", account_username="gate8")
        url = f"{W}/{worker['id']}"
        changed = await client.patch(
            url, headers=office.staff, json={"account_username": None, "active": False}
        )
        assert changed.status_code == 200, changed.text
        body = changed.json()
        assert (body["has_account"], body["active"], body["name"]) == (False, False, "孙桂英")
        assert body["phone"] == worker["phone"]


class TestPersonalData:
    async def test_reveal_is_for_staff_and_audited(
        self, client: httpx.AsyncClient, stack: Stack, office: Office
    ) -> None:
        phone = new_phone()
        worker = await add_worker(client, office, phone=phone)
        url = f"{W}/{worker['id']}"
        masked = (await client.get(url, headers=office.staff)).json()
        assert (masked["phone"], masked["revealed"]) == (phone[:3] + "****" + phone[-4:], False)
        revealed = await client.get(
            url, headers=office.staff, params={"reveal": "true", "reason": "排班联系"}
        )
        assert revealed.status_code == 200
        assert (revealed.json()["phone"], revealed.json()["revealed"]) == (phone, True)
        async with stack.registry.state.sessionmaker() as session:
            events = (await session.scalars(select(AuditEvent))).all()
        assert [(e.action, e.target_type, e.target_id, e.reason) for e in events] == [
            ("reveal_personal_data", "worker", worker["id"], "排班联系")
        ]

    @pytest.mark.parametrize("role", ["grid_worker", "gate_volunteer", "officer"])
    async def test_other_roles_do_not_read_the_roster(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, role: str
    ) -> None:
        worker = await add_worker(client, office)
        headers = await headers_for(client, stack, role, [office.community_id])
        assert (await client.get(W, headers=headers)).status_code == 403
        url = f"{W}/{worker['id']}"
        assert (
            await client.get(url, headers=headers, params={"reveal": "true"})
        ).status_code == 403

    async def test_another_community_sees_nothing(
        self, client: httpx.AsyncClient, stack: Stack, office: Office
    ) -> None:
        worker = await add_worker(client, office)
        other = await make_office(client, stack, "乙社区")
        assert (await client.get(f"{W}/{worker['id']}", headers=other.staff)).status_code == 404
        listed = (await client.get(W, headers=other.staff)).json()
        assert listed["total"] == 0
        asked = await client.get(
            W, headers=other.staff, params={"community_id": str(office.community_id)}
        )
        assert asked.status_code == 404


class TestRetriesAndConflicts:
    async def test_a_retry_with_the_same_client_id_makes_one_entry(
        self, client: httpx.AsyncClient, stack: Stack, office: Office
    ) -> None:
        body = {
            "client_id": str(uuid.uuid4()),
            "community_id": str(office.community_id),
            "name": "马永刚",
            "category": "veteran",
        }
        first = await client.post(W, headers=office.staff, json=body)
        again = await client.post(W, headers=office.staff, json=body)
        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json()["id"] == again.json()["id"]
        reused = await client.post(W, headers=office.staff, json={**body, "name": "杨志勇"})
        assert reused.status_code == 422
        assert reused.json()["type"] == "/problems/client-id-reused"
        assert await worker_count(stack) == 1

    async def test_a_phone_or_an_account_is_one_worker_per_community(
        self, client: httpx.AsyncClient, stack: Stack, office: Office
    ) -> None:
        phone = new_phone()
        await add_worker(client, office, "甲", phone=phone, account_username="gate5")
        base = {"community_id": str(office.community_id), "category": "veteran", "name": "乙"}
        same_phone = await client.post(W, headers=office.staff, json={**base, "phone": phone})
        assert same_phone.status_code == 409
        assert same_phone.json()["type"] == "/problems/worker-phone-taken"
        same_account = await client.post(
            W, headers=office.staff, json={**base, "account_username": "gate5"}
        )
        assert same_account.json()["type"] == "/problems/worker-account-taken"
        assert await worker_count(stack) == 1

    @pytest.mark.parametrize(
        "change",
        [
            {"phone": "12345678901"},
            {"category": "astronaut"},
            {"age": 40, "birth_year": 1980},
            {"birth_year": 1850},
            {"availability": [{"start": "08:00", "end": "08:00"}]},
            {"availability": [{"weekdays": [0], "start": "08:00", "end": "12:00"}]},
            {"account_username": "not a name!"},
            {"skills": ["x" * 21]},
            {"salary": 100},
            {"name": ""},
        ],
    )
    async def test_bad_input_is_a_problem_and_changes_nothing(
        self, client: httpx.AsyncClient, stack: Stack, office: Office, change: dict[str, object]
    ) -> None:
        body = {
            "community_id": str(office.community_id),
            "name": "陈军",
            "category": "veteran",
            **change,
        }
        response = await client.post(W, headers=office.staff, json=body)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert await worker_count(stack) == 0

    async def test_a_worker_who_was_on_a_shift_is_deactivated_not_deleted(
        self, client: httpx.AsyncClient, stack: Stack, office: Office
    ) -> None:
        never = await add_worker(client, office, "甲")
        assert (await client.delete(f"{W}/{never['id']}", headers=office.staff)).status_code == 204
        worker = await add_worker(client, office, "乙")
        gate_id = await make_gate(stack, office.community_id)
        day = today()
        shift = await make_shift(client, office, gate_id, local(day, 8), local(day, 14))
        assert (await put_on(client, office, shift["id"], worker["id"])).status_code == 201
        refused = await client.delete(f"{W}/{worker['id']}", headers=office.staff)
        assert refused.status_code == 409
        assert refused.json()["type"] == "/problems/worker-in-use"
        assert await worker_count(stack) == 1
