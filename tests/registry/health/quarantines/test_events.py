"""The registry's household events: written with the change, relayed to supplies'
`/internal/events` exactly once in effect, and never reachable through the gateway."""

from __future__ import annotations

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import select

import registry.main
from registry.config import RegistrySettings
from registry.events import OUTBOX, SOURCE
from shouhu_common.events import build_relay
from tests.builders import headers_for, make_community
from tests.conftest import Stack
from tests.databases import SuiteDatabases
from tests.registry.health.quarantines.builders import outbox_events, start_quarantine


async def supplies_inbox(stack: Stack) -> list[str]:
    from supplies.events import INBOX

    async with stack.supplies.state.engine.connect() as conn:
        rows = await conn.execute(select(INBOX.c.event_id, INBOX.c.topic))
        return sorted(f"{topic}:{event_id}" for event_id, topic in rows)


class TestGatewayBoundary:
    @pytest.mark.parametrize("path", ["/internal/events", "/api/v1/internal/events"])
    async def test_internal_routes_are_not_routed(
        self, client: httpx.AsyncClient, stack: Stack, path: str
    ) -> None:
        tree = await make_community(stack, households=1)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        response = await client.post(path, headers=staff, json={})
        assert response.status_code in (401, 404)
        assert response.status_code != 200
        document = (await client.get("/openapi.json")).json()
        assert not [p for p in document["paths"] if "internal" in p]


class TestRelayToSupplies:
    async def test_quarantine_and_release_reach_supplies_once(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        tree = await make_community(stack, households=1)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        created = (await start_quarantine(client, staff, tree.household_ids[0])).json()
        await client.post(
            f"/api/v1/quarantines/{created['id']}/release",
            headers=staff,
            json={"reason_code": "negative_results"},
        )

        settings = RegistrySettings(
            env="test", event_subscribers="supplies=http://supplies.internal"
        )
        relay = build_relay(
            settings,
            engine=stack.registry.state.engine,
            tables=OUTBOX,
            source=SOURCE,
            http_transport=httpx.ASGITransport(app=stack.supplies),
        )
        assert relay is not None
        try:
            assert await relay.deliver_pending() == 2
            assert await relay.deliver_pending() == 0  # both dispatched
        finally:
            await relay.stop()
        events = await outbox_events(stack)
        assert all(e["dispatched_at"] is not None for e in events)
        assert await supplies_inbox(stack) == sorted(
            f"{e['topic']}:{e['event_id']}" for e in events
        )


class TestLifespan:
    async def test_the_relay_runs_only_with_subscribers(self, databases: SuiteDatabases) -> None:
        url = databases.urls["registry"]
        quiet = registry.main.create_app(RegistrySettings(database_url=url, env="test"))
        async with LifespanManager(quiet):
            assert quiet.state.relay is None
        busy = registry.main.create_app(
            RegistrySettings(
                database_url=url, env="test", event_subscribers="supplies=http://127.0.0.1:9"
            )
        )
        async with LifespanManager(busy):
            assert busy.state.relay is not None
            assert [s.name for s in busy.state.relay.subscribers] == ["supplies"]
