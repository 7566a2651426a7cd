"""Partner webhooks: registration behind the SSRF guard, signed deliveries retried until
acknowledged, the delivery log, and isolation between partners."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx
import pytest
from sqlalchemy import update

from supplies.webhooks.dispatcher import dispatch_due
from supplies.webhooks.errors import WebhookTargetRefused
from supplies.webhooks.models import WebhookDelivery
from supplies.webhooks.targets import check_target
from tests.conftest import Stack
from tests.supplies.builders import World, make_world, place, second_partner

RECEIVER = "http://127.0.0.1:8765/shouhu/hooks"


async def register(client: httpx.AsyncClient, world: World, url: str = RECEIVER) -> httpx.Response:
    return await client.post("/api/v1/webhooks", headers=world.partner, json={"url": url})


class Receiver:
    """A loopback receiver (in-process transport): answers with the statuses it is given."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.statuses.pop(0) if self.statuses else 200)


async def dispatch(stack: Stack, receiver: Receiver) -> int:
    async with httpx.AsyncClient(transport=httpx.MockTransport(receiver)) as http:
        return await dispatch_due(stack.supplies.state.sessionmaker, http, allow_loopback=True)


async def make_due(stack: Stack) -> None:
    async with stack.supplies.state.engine.begin() as conn:
        await conn.execute(
            update(WebhookDelivery).values(next_attempt_at=WebhookDelivery.created_at)
        )


class TestRegistration:
    async def test_partner_registers_a_loopback_receiver_in_test_and_sees_the_secret_once(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        response = await register(client, world)
        assert response.status_code == 201, response.text
        assert response.json()["secret"].startswith("whsec_")
        listed = await client.get("/api/v1/webhooks", headers=world.partner)
        assert [h["url"] for h in listed.json()] == [RECEIVER]
        assert "secret" not in listed.json()[0]

    @pytest.mark.parametrize(
        "url",
        [
            "http://10.0.0.8/hook",
            "http://192.168.1.20/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://[::ffff:10.0.0.1]/hook",
            "http://0.0.0.0/hook",
            "ftp://127.0.0.1/hook",
            "http://user:pw@127.0.0.1/hook",
            "not a url at all",
        ],
    )
    async def test_private_and_malformed_targets_are_refused(
        self, client: httpx.AsyncClient, stack: Stack, url: str
    ) -> None:
        world = await make_world(client, stack)
        response = await register(client, world, url)
        assert response.status_code == 422
        assert (await client.get("/api/v1/webhooks", headers=world.partner)).json() == []

    async def test_production_refuses_loopback_and_plain_http(self) -> None:
        with pytest.raises(WebhookTargetRefused):
            await check_target(RECEIVER, allow_loopback=False, require_https=False)
        with pytest.raises(WebhookTargetRefused):
            await check_target("http://127.0.0.1/x", allow_loopback=True, require_https=True)
        await check_target("https://127.0.0.1/x", allow_loopback=True, require_https=True)

    async def test_only_partners_manage_webhooks(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        for headers in (world.staff, world.resident):
            response = await client.post(
                "/api/v1/webhooks", headers=headers, json={"url": RECEIVER}
            )
            assert response.status_code == 403


class TestDelivery:
    async def test_new_and_cancelled_orders_are_signed_and_retried_until_acknowledged(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        hook = (await register(client, world)).json()
        order = (await place(client, world)).json()
        await client.post(f"/api/v1/orders/{order['id']}/cancel", headers=world.resident, json={})
        receiver = Receiver(500, 200)
        assert await dispatch(stack, receiver) == 2
        assert await dispatch(stack, receiver) == 0  # the failed one waits for its backoff
        log = (
            await client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=world.partner)
        ).json()
        states = {d["event_type"]: (d["state"], d["attempts"]) for d in log["items"]}
        assert sorted(states.values()) == [("delivered", 1), ("pending", 1)]
        await make_due(stack)
        assert await dispatch(stack, receiver) == 1
        log = (
            await client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=world.partner)
        ).json()
        assert {d["state"] for d in log["items"]} == {"delivered"}
        types = {json.loads(r.content)["type"] for r in receiver.requests}
        assert types == {"order.placed", "order.cancelled"}
        for request in receiver.requests:
            stamp, mac = request.headers["x-shouhu-signature"].split(",")
            t = stamp.removeprefix("t=")
            expected = hmac.new(
                hook["secret"].encode(), f"{t}.".encode() + request.content, hashlib.sha256
            ).hexdigest()
            assert mac == f"v1={expected}"
            assert request.headers["x-shouhu-delivery"]

    async def test_a_stopped_webhook_gets_nothing_new(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        hook = (await register(client, world)).json()
        url = f"/api/v1/webhooks/{hook['id']}"
        assert (await client.delete(url, headers=world.partner)).status_code == 204
        await place(client, world)
        assert (await client.get(f"{url}/deliveries", headers=world.partner)).json()["total"] == 0

    async def test_ping_reaches_the_receiver(self, client: httpx.AsyncClient, stack: Stack) -> None:
        world = await make_world(client, stack)
        hook = (await register(client, world)).json()
        sent = await client.post(f"/api/v1/webhooks/{hook['id']}/test", headers=world.partner)
        assert sent.status_code == 202
        receiver = Receiver()
        assert await dispatch(stack, receiver) == 1
        assert receiver.requests[0].headers["x-shouhu-event"] == "webhook.ping"


class TestIsolation:
    async def test_another_partners_webhooks_are_not_found(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        _, other = await second_partner(stack, world)
        hook = (await register(client, world)).json()
        url = f"/api/v1/webhooks/{hook['id']}"
        assert (await client.get(url, headers=other)).status_code == 404
        assert (await client.get(f"{url}/deliveries", headers=other)).status_code == 404
        assert (await client.post(f"{url}/test", headers=other)).status_code == 404
        assert (await client.delete(url, headers=other)).status_code == 404
        assert (await client.get("/api/v1/webhooks", headers=other)).json() == []
        assert (await client.get(url, headers=world.partner)).json()["active"] is True
