"""The gateway serves the built PWA at "/": files as they are, client routes as index.html, the
service worker never HTTP-cached, hashed assets cached for good, and the API, docs and health
routes untouched."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

import gateway.main
from tests.conftest import Stack, gateway_settings
from tests.databases import SuiteDatabases

INDEX = "<!doctype html><title>守护</title><div id=app></div>"


@pytest.fixture
async def pwa_gateway(
    stack: Stack, databases: SuiteDatabases, tmp_path: Path
) -> AsyncIterator[httpx.AsyncClient]:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX, encoding="utf-8")
    (tmp_path / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    (tmp_path / "manifest.webmanifest").write_text('{"name": "守护"}', encoding="utf-8")
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    app = gateway.main.create_app(
        gateway_settings(databases.urls["gateway"], stack, frontend_dir=tmp_path)
    )
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://shouhu.test") as c:
            yield c


class TestPwaFiles:
    async def test_the_app_at_the_root(self, pwa_gateway: httpx.AsyncClient) -> None:
        response = await pwa_gateway.get("/")
        assert response.status_code == 200
        assert response.text == INDEX
        assert response.headers["cache-control"] == "no-cache"

    @pytest.mark.parametrize("path", ["/gate", "/gate/visitor", "/household/42", "/signin"])
    async def test_client_routes_get_the_app(
        self, pwa_gateway: httpx.AsyncClient, path: str
    ) -> None:
        response = await pwa_gateway.get(path)
        assert response.status_code == 200
        assert response.text == INDEX
        assert response.headers["content-type"].startswith("text/html")

    async def test_the_service_worker_is_never_http_cached(
        self, pwa_gateway: httpx.AsyncClient
    ) -> None:
        for path in ("/sw.js", "/manifest.webmanifest"):
            response = await pwa_gateway.get(path)
            assert response.status_code == 200
            assert response.headers["cache-control"] == "no-cache"

    async def test_hashed_assets_are_cached_for_good(self, pwa_gateway: httpx.AsyncClient) -> None:
        response = await pwa_gateway.get("/assets/index-abc123.js")
        assert response.status_code == 200
        assert "immutable" in response.headers["cache-control"]

    async def test_a_missing_file_is_a_404_problem(self, pwa_gateway: httpx.AsyncClient) -> None:
        response = await pwa_gateway.get("/assets/gone-1234.js")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"

    @pytest.mark.parametrize("path", ["/api/v2/households", "/api", "/internal/events"])
    async def test_api_paths_are_never_the_app(
        self, pwa_gateway: httpx.AsyncClient, path: str
    ) -> None:
        response = await pwa_gateway.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"

    async def test_api_docs_and_health_are_untouched(self, pwa_gateway: httpx.AsyncClient) -> None:
        assert (await pwa_gateway.get("/healthz")).json()["status"] == "ok"
        unauthenticated = await pwa_gateway.get("/api/v1/households")
        assert unauthenticated.status_code == 401
        assert unauthenticated.headers["content-type"] == "application/problem+json"
        assert "swagger" in (await pwa_gateway.get("/docs")).text.lower()
        assert (
            (await pwa_gateway.get("/openapi.json"))
            .headers["content-type"]
            .startswith("application/json")
        )

    async def test_the_api_reference_needs_no_other_site(
        self, pwa_gateway: httpx.AsyncClient
    ) -> None:
        page = (await pwa_gateway.get("/docs")).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert sources, page
        assert all(s.startswith("/") and not s.startswith("//") for s in sources), sources
        assert re.search(r"<script>\s*\S", page) is None  # no inline script for the CSP to refuse
        for source in sources:
            response = await pwa_gateway.get(source)
            assert response.status_code == 200, source
        script = await pwa_gateway.get("/docs/static/swagger-ui-bundle.js")
        assert "SwaggerUIBundle" in script.text
        assert script.headers["content-type"].startswith(
            ("text/javascript", "application/javascript")
        )

    async def test_writes_to_app_paths_are_refused(self, pwa_gateway: httpx.AsyncClient) -> None:
        response = await pwa_gateway.post("/gate", content=b"x")
        assert response.status_code == 405
