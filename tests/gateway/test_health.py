"""Liveness and readiness, on the gateway and straight on each service."""

from __future__ import annotations

import httpx

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
