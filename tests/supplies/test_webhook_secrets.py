"""Webhook signing keys: a retried registration or rotation is shown the same secret (within the
replay window, without the secret being stored twice), and a rotation keeps the replaced key
signing beside the new one for the overlap, then only the new one."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

import httpx
from sqlalchemy import select, update

from shouhu_common.clock import utc_now
from supplies.idempotency.models import IdempotencyRecord
from supplies.webhooks.models import Webhook
from tests.conftest import Stack
from tests.supplies.builders import World, make_world, second_partner
from tests.supplies.test_webhooks import RECEIVER, Receiver, dispatch


async def register(client: httpx.AsyncClient, world: World, key: str) -> httpx.Response:
    headers = {**world.partner, "Idempotency-Key": key}
    return await client.post("/api/v1/webhooks", headers=headers, json={"url": RECEIVER})


async def rotate(
    client: httpx.AsyncClient, headers: dict[str, str], hook_id: str, key: str
) -> httpx.Response:
    return await client.post(
        f"/api/v1/webhooks/{hook_id}/rotate-secret", headers={**headers, "Idempotency-Key": key}
    )


def verify(secret: str, raw_body: bytes, header: str) -> bool:
    """The guide's receiver: any `v1` made with the key it holds."""
    fields = [part.split("=", 1) for part in header.split(",")]
    t = next(value for name, value in fields if name == "t")
    mac = hmac.new(secret.encode(), f"{t}.".encode() + raw_body, hashlib.sha256).hexdigest()
    return any(name == "v1" and hmac.compare_digest(mac, value) for name, value in fields)


async def age_records(stack: Stack, by: timedelta) -> None:
    async with stack.supplies.state.engine.begin() as conn:
        await conn.execute(update(IdempotencyRecord).values(created_at=utc_now() - by))


async def ping(
    client: httpx.AsyncClient, stack: Stack, world: World, hook_id: str
) -> httpx.Request:
    """A `webhook.ping` as the receiver gets it."""
    await client.post(f"/api/v1/webhooks/{hook_id}/test", headers=world.partner)
    receiver = Receiver()
    assert await dispatch(stack, receiver) == 1
    return receiver.requests[0]


class TestRetriedRegistration:
    async def test_a_retry_with_the_same_key_is_shown_the_same_secret(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        first = await register(client, world, "hook-1")
        again = await register(client, world, "hook-1")
        assert first.status_code == again.status_code == 201, again.text
        assert again.json() == first.json()
        assert first.json()["secret"].startswith("whsec_")
        assert len((await client.get("/api/v1/webhooks", headers=world.partner)).json()) == 1

    async def test_only_a_digest_is_kept_and_after_the_window_no_secret_is_shown(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        secret = (await register(client, world, "hook-1")).json()["secret"]
        async with stack.supplies.state.sessionmaker() as session:
            record = (await session.scalars(select(IdempotencyRecord))).one()
        assert record.secret_digest == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in repr([getattr(record, c.key) for c in IdempotencyRecord.__table__.c])
        await age_records(stack, timedelta(hours=25))
        late = await register(client, world, "hook-1")
        assert late.status_code == 201
        assert "secret" not in late.json()
        assert len((await client.get("/api/v1/webhooks", headers=world.partner)).json()) == 1

    async def test_the_same_key_for_another_receiver_is_refused(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        await register(client, world, "hook-1")
        other = await client.post(
            "/api/v1/webhooks",
            headers={**world.partner, "Idempotency-Key": "hook-1"},
            json={"url": RECEIVER + "/other"},
        )
        assert other.status_code == 422
        assert other.json()["type"] == "/problems/idempotency-key-reused"


class TestRotation:
    async def test_both_keys_sign_during_the_overlap_then_only_the_new_one(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        hook = (await register(client, world, "hook-1")).json()
        old = hook["secret"]
        rotated = await rotate(client, world.partner, hook["id"], "rotate-1")
        assert rotated.status_code == 200, rotated.text
        new = rotated.json()["secret"]
        assert new.startswith("whsec_")
        assert new != old
        assert rotated.json()["previous_secret_until"]
        again = await rotate(client, world.partner, hook["id"], "rotate-1")
        assert again.json() == rotated.json()

        during = await ping(client, stack, world, hook["id"])
        header = during.headers["x-shouhu-signature"]
        assert header.count("v1=") == 2
        assert verify(new, during.content, header)
        assert verify(old, during.content, header)
        # A receiver that still reads only the last `v1` keeps working with the old key.
        last = dict(part.split("=", 1) for part in header.split(","))["v1"]
        assert verify(old, during.content, f"{header.split(',')[0]},v1={last}")

        async with stack.supplies.state.engine.begin() as conn:
            await conn.execute(
                update(Webhook).values(previous_secret_until=utc_now() - timedelta(seconds=1))
            )
        after = await ping(client, stack, world, hook["id"])
        assert after.headers["x-shouhu-signature"].count("v1=") == 1
        assert verify(new, after.content, after.headers["x-shouhu-signature"])
        assert not verify(old, after.content, after.headers["x-shouhu-signature"])

    async def test_rotating_again_ends_the_older_key_at_once(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        hook = (await register(client, world, "hook-1")).json()
        second = (await rotate(client, world.partner, hook["id"], "rotate-1")).json()["secret"]
        third = (await rotate(client, world.partner, hook["id"], "rotate-2")).json()["secret"]
        request = await ping(client, stack, world, hook["id"])
        header = request.headers["x-shouhu-signature"]
        assert verify(third, request.content, header)
        assert verify(second, request.content, header)
        assert not verify(hook["secret"], request.content, header)
        # The first rotation's retry no longer shows a key that stopped signing.
        late = await rotate(client, world.partner, hook["id"], "rotate-1")
        assert late.json()["secret"] == second
        await age_records(stack, timedelta(hours=25))
        assert "secret" not in (await rotate(client, world.partner, hook["id"], "rotate-2")).json()

    async def test_only_the_owning_partner_rotates(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        world = await make_world(client, stack)
        _, other = await second_partner(stack, world)
        hook = (await register(client, world, "hook-1")).json()
        assert (await rotate(client, other, hook["id"], "r")).status_code == 404
        assert (await rotate(client, world.staff, hook["id"], "r")).status_code == 403
        listed = (await client.get(f"/api/v1/webhooks/{hook['id']}", headers=world.partner)).json()
        assert listed["secret_rotated_at"] is None
