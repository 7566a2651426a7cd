"""Serves the built PWA (frontend/dist) at "/": files as they are, client routes (`/gate`,
`/household/…`) as index.html, and the service worker and entry files never cached by the
browser's HTTP cache (an update must reach the phone; the service worker does the caching)."""

from __future__ import annotations

from pathlib import PurePosixPath

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

NO_CACHE = {"index.html", "sw.js", "registerSW.js", "manifest.webmanifest"}
NOT_THE_APP = ("api/", "internal/")  # a wrong API path is a 404 problem, not the app shell


class PwaFiles(StaticFiles):
    def __init__(self, directory: str) -> None:
        super().__init__(directory=directory, html=True)

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or not self._client_route(path):
                raise
            response = await super().get_response("index.html", scope)
            path = "index.html"
        name = PurePosixPath(path).name or "index.html"
        if name in NO_CACHE or name.startswith("workbox-"):
            response.headers["Cache-Control"] = "no-cache"
        elif path.startswith("assets/"):
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response

    @staticmethod
    def _client_route(path: str) -> bool:
        """A path the app's router handles: no file extension, not under the API."""
        normalized = path.lstrip("./")
        if normalized.startswith(NOT_THE_APP) or normalized in {"api", "internal"}:
            return False
        return "." not in PurePosixPath(normalized).name
