"""Visitor self-registration through the gateway: the public form (no credentials, only a live
poster's token, once per client id, limited per IP and per gate, hostile bodies refused), the
gate's pending list with masked phones, the volunteer's confirmation into an ordinary gate visitor
(only then counted), expiry, and the poster with its rotatable token."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from registry.access.visitor_registrations.models import VisitorRegistration
from registry.printing import cjk_font
from shouhu_common.clock import utc_now
from tests.builders import headers_for
from tests.conftest import Stack
from tests.registry.access.gates.builders import GateWorld, make_gate_world
from tests.system_packages import needs

V = "/api/v1/visitor-registrations"
PHONE = "13912345678"


@pytest.fixture
async def world(client: httpx.AsyncClient, stack: Stack) -> GateWorld:
    return await make_gate_world(client, stack, households=1)


async def gate_token(client: httpx.AsyncClient, world: GateWorld) -> str:
    response = await client.post(f"{V}/gates/{world.gate_id}/token", headers=world.staff)
    assert response.status_code == 200, response.text
    url: str = response.json()["form_url"]
    assert url.startswith("http")
    assert "/visit?gate=" in url
    return url.split("gate=")[1]


def form(token: str, **fields: Any) -> dict[str, Any]:
    return {
        "client_id": str(uuid.uuid4()),
        "gate_token": token,
        "name": "王五",
        "phone": PHONE,
        "purpose": "送药",
        "visiting": "1栋101 张三",
        **fields,
    }


async def pending(client: httpx.AsyncClient, world: GateWorld) -> list[dict[str, Any]]:
    response = await client.get(
        f"{V}/pending", headers=world.volunteer, params={"gate_id": str(world.gate_id)}
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def visitors_today(client: httpx.AsyncClient, world: GateWorld) -> int:
    report = await client.get(
        "/api/v1/registry-reports/daily",
        headers=world.staff,
        params={"community_id": str(world.community_id)},
    )
    assert report.status_code == 200, report.text
    return int(report.json()["communities"][0]["visitors_registered"])


class TestPublicForm:
    async def test_a_visitor_registers_without_credentials_once(
        self, client: httpx.AsyncClient, world: GateWorld
    ) -> None:
        body = form(await gate_token(client, world))
        first = await client.post(V, json=body)
        assert first.status_code == 201, first.text
        submitted = first.json()
        assert (submitted["status"], submitted["gate_name"]) == ("pending", "东门")
        assert PHONE not in first.text
        again = await client.post(V, json=body)
        assert again.status_code == 200
        assert again.json()["id"] == submitted["id"]
        [listed] = await pending(client, world)
        assert listed["phone"] == "139****5678"
        assert (listed["name"], listed["visiting"]) == ("王五", "1栋101 张三")

    async def test_a_client_id_of_another_registration_is_refused(
        self, client: httpx.AsyncClient, stack: Stack, world: GateWorld
    ) -> None:
        token = await gate_token(client, world)
        first = form(token)
        assert (await client.post(V, json=first)).status_code == 201
        other = await client.post(V, json=form(token, client_id=first["client_id"], name="李四"))
        assert other.status_code == 422
        assert other.json()["type"] == "/problems/client-id-reused"
        second_gate = await client.post(
            "/api/v1/gate/gates",
            headers=world.staff,
            json={"community_id": str(world.community_id), "name": "西门"},
        )
        path = f"{V}/gates/{second_gate.json()['id']}/token"
        west = (await client.post(path, headers=world.staff)).json()["form_url"].split("gate=")[1]
        moved = await client.post(V, json=form(west, client_id=first["client_id"]))
        assert moved.status_code == 422
        assert len(await pending(client, world)) == 1

    async def test_only_a_live_posters_token_works(
        self, client: httpx.AsyncClient, world: GateWorld
    ) -> None:
        old = await gate_token(client, world)
        new = await gate_token(client, world)  # rotated: the old posters stop working
        refused = await client.post(V, json=form(old))
        assert refused.status_code == 404
        assert refused.json()["type"] == "/problems/gate-poster-unknown"
        made_up = await client.post(V, json=form("x" * 32))
        assert made_up.status_code == 404
        assert (await client.post(V, json=form(new))).status_code == 201
        assert len(await pending(client, world)) == 1

    @pytest.mark.parametrize(
        "fields",
        [
            {"phone": "12345"},
            {"name": ""},
            {"name": "王\x00五"},
            {"name": "x" * 51},
            {"purpose": "line\nbreak"},
            {"gate_token": "short"},
            {"gate_token": "'; drop table gate; --" + "a" * 20},
            {"status": "confirmed"},
            {"temperature": 36.5},
        ],
    )
    async def test_hostile_bodies_are_refused_and_change_nothing(
        self, client: httpx.AsyncClient, world: GateWorld, fields: dict[str, Any]
    ) -> None:
        response = await client.post(V, json=form(await gate_token(client, world), **fields))
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert await pending(client, world) == []

    async def test_not_json_is_refused(self, client: httpx.AsyncClient, world: GateWorld) -> None:
        response = await client.post(
            V, content=b"\xff\xfe<xml/>", headers={"content-type": "application/json"}
        )
        assert 400 <= response.status_code < 500

    async def test_each_client_ip_is_limited(
        self, client: httpx.AsyncClient, world: GateWorld
    ) -> None:
        token = await gate_token(client, world)
        codes = [(await client.post(V, json=form(token))).status_code for _ in range(11)]
        assert codes[:10] == [201] * 10
        assert codes[10] == 429

    async def test_only_the_form_is_open(self, client: httpx.AsyncClient, world: GateWorld) -> None:
        registration = (await client.post(V, json=form(await gate_token(client, world)))).json()
        for method, path in (
            ("GET", f"{V}/pending?gate_id={world.gate_id}"),
            ("POST", f"{V}/{registration['id']}/confirm"),
            ("GET", f"{V}/gates/{world.gate_id}/poster.pdf"),
            ("POST", f"{V}/gates/{world.gate_id}/token"),
            ("GET", f"{V}/"),
        ):
            response = await client.request(method, path, json={"temperature": 36.5})
            assert response.status_code == 401, (method, path, response.status_code)

    async def test_residents_and_grid_workers_do_not_read_the_list(
        self, client: httpx.AsyncClient, stack: Stack, world: GateWorld
    ) -> None:
        grid = await headers_for(client, stack, "grid_worker", [world.community_id])
        response = await client.get(
            f"{V}/pending", headers=grid, params={"gate_id": str(world.gate_id)}
        )
        assert response.status_code == 403


class TestConfirmAtTheGate:
    async def test_the_volunteer_confirms_it_into_a_gate_visitor(
        self, client: httpx.AsyncClient, world: GateWorld
    ) -> None:
        submitted = (await client.post(V, json=form(await gate_token(client, world)))).json()
        assert await visitors_today(client, world) == 0  # a scan alone is no passage
        path = f"{V}/{submitted['id']}/confirm"
        confirmed = await client.post(path, headers=world.volunteer, json={"temperature": 36.6})
        assert confirmed.status_code == 200, confirmed.text
        visitor = confirmed.json()
        assert (visitor["kind"], visitor["name"], visitor["phone"]) == (
            "visitor",
            "王五",
            "139****5678",
        )
        assert visitor["gate_id"] == str(world.gate_id)
        again = await client.post(path, headers=world.volunteer, json={"temperature": 36.6})
        assert again.json()["id"] == visitor["id"]
        assert await pending(client, world) == []
        listed = await client.get(
            "/api/v1/gate/visitors", headers=world.staff, params={"gate_id": str(world.gate_id)}
        )
        assert [v["id"] for v in listed.json()["items"]] == [visitor["id"]]
        assert await visitors_today(client, world) == 1

    async def test_an_expired_registration_drops_off_and_cannot_be_confirmed(
        self, client: httpx.AsyncClient, stack: Stack, world: GateWorld
    ) -> None:
        submitted = (await client.post(V, json=form(await gate_token(client, world)))).json()
        async with stack.registry.state.sessionmaker() as session:
            await session.execute(
                update(VisitorRegistration).values(expires_at=utc_now() - timedelta(minutes=1))
            )
            await session.commit()
        assert await pending(client, world) == []
        path = f"{V}/{submitted['id']}/confirm"
        refused = await client.post(path, headers=world.volunteer, json={"temperature": 36.6})
        assert refused.status_code == 409
        assert await visitors_today(client, world) == 0

    async def test_a_volunteer_of_another_gate_or_community_cannot(
        self, client: httpx.AsyncClient, stack: Stack, world: GateWorld
    ) -> None:
        submitted = (await client.post(V, json=form(await gate_token(client, world)))).json()
        unposted = await headers_for(client, stack, "gate_volunteer", [world.community_id])
        path = f"{V}/{submitted['id']}/confirm"
        mine = await client.post(path, headers=unposted, json={"temperature": 36.6})
        assert mine.status_code == 403
        other = await make_gate_world(client, stack, households=1, name="桃园社区")
        theirs = await client.post(path, headers=other.volunteer, json={"temperature": 36.6})
        assert theirs.status_code == 404
        listed = await client.get(
            f"{V}/pending", headers=other.volunteer, params={"gate_id": str(world.gate_id)}
        )
        assert listed.status_code == 404


class TestPoster:
    @needs(cjk_font() is not None, "fonts-noto-cjk")
    async def test_the_poster_is_a_pdf_for_staff(
        self, client: httpx.AsyncClient, world: GateWorld
    ) -> None:
        response = await client.get(f"{V}/gates/{world.gate_id}/poster.pdf", headers=world.staff)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        refused = await client.get(f"{V}/gates/{world.gate_id}/poster.pdf", headers=world.volunteer)
        assert refused.status_code == 403
