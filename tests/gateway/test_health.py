"""Liveness and readiness, on the gateway and straight on each service."""

from __future__ import annotations

import uuid

import httpx

from tests.builders import headers_for, make_community
from tests.conftest import Stack


class TestReadiness:
    async def test_gateway_ready_when_all_three_are(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/readyz")
        assert response.status_code == 200
        body = response.json()
        assert body["not_ready"] == []
        assert set(body["services"]) == {"gateway", "registry", "supplies"}

    async def test_each_service_reports_database_and_migrations(self, stack: Stack) -> None:
        for app in (stack.registry, stack.supplies):
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://svc"
            ) as svc:
                assert (await svc.get("/healthz")).json() == {"status": "ok"}
                ready = await svc.get("/readyz")
                assert ready.status_code == 200
                assert ready.json()["migrations"] == "head"

    async def test_metrics_are_exposed(self, client: httpx.AsyncClient) -> None:
        await client.get("/healthz")
        response = await client.get("/metrics")
        assert response.status_code == 200
        assert "http_request" in response.text


async def test_metrics_label_requests_by_route_template_with_the_cache(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    """shouhu_common.metrics remembers each (method, path)'s template: asked twice, the same path
    is counted under its template both times, and two ids under the one template."""
    tree = await make_community(stack, households=1)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    ids = [tree.household_ids[0], tree.household_ids[0], uuid.uuid4()]
    for household_id in ids:
        await client.get(f"/api/v1/households/{household_id}", headers=staff)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=stack.registry), base_url="http://registry"
    ) as registry:
        text = (await registry.get("/metrics")).text
    counted = [
        line
        for line in text.splitlines()
        if line.startswith("http_requests_total{") and "/api/v1/households/" in line
    ]
    assert counted
    assert all('handler="/api/v1/households/{household_id}"' in line for line in counted)
    assert sum(float(line.rsplit(" ", 1)[1]) for line in counted) >= 3
    assert str(ids[2]) not in text
