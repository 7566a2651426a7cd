"""The API's reference pages, `/docs`, served whole from this server.

FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script: a phone on a
closed sub-district network cannot reach the CDN, and the site's Content-Security-Policy
(`script-src 'self'`, deploy/caddy/Caddyfile) refuses both. The files come from the
fastapi-offline package (Swagger UI's release files, MIT); the start-up script is a file here.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

SWAGGER_FILES = Path(fastapi_offline.__file__).parent / "static"
STATIC_URL = "/docs/static"

PAGE = f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>守护 Shouhu API</title>
<link rel="icon" href="{STATIC_URL}/favicon.png">
<link rel="stylesheet" href="{STATIC_URL}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{STATIC_URL}/swagger-ui-bundle.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
"""

# What FastAPI's inline script does, as a file the CSP allows.
START = """window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
"""

router = APIRouter(include_in_schema=False)


@router.get("/docs")
async def docs_page() -> HTMLResponse:
    return HTMLResponse(PAGE, headers={"Cache-Control": "no-cache"})


@router.get("/docs/start.js")
async def docs_start() -> Response:
    return Response(START, media_type="text/javascript", headers={"Cache-Control": "no-cache"})


def install(app: FastAPI) -> None:
    """The page, its start-up script and Swagger UI's files (before the PWA's catch-all)."""
    app.include_router(router)
    app.mount(STATIC_URL, StaticFiles(directory=SWAGGER_FILES), name="swagger-ui")
