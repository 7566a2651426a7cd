"""Gateway health: `/healthz` alive; `/readyz` 200 only when the gateway and every service are
ready, and it names the one that is not; `/readyz?scope=self` the gateway alone (its database and
migrations), for load balancers and Kubernetes: a gateway must not leave rotation because a
service behind it is restarting, or one service's outage would take the PWA, sign-in and the
other service down with it."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from shouhu_common.health import current_revisions

router = APIRouter(tags=["health"], include_in_schema=False)


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


async def _own_readiness(request: Request) -> tuple[bool, dict[str, Any]]:
    try:
        current = await current_revisions(request.app.state.engine)
    except Exception as exc:  # any driver error means "not ready"
        return False, {
            "status": "unavailable",
            "database": "unreachable",
            "error": type(exc).__name__,
        }
    if current != request.app.state.migration_heads:
        return False, {"status": "unavailable", "database": "ok", "migrations": "behind"}
    return True, {"status": "ok", "database": "ok", "migrations": "head"}


@router.get("/readyz")
async def readyz(request: Request, scope: Literal["all", "self"] = "all") -> JSONResponse:
    state = request.app.state
    if scope == "self":
        ok, own = await _own_readiness(request)
        return JSONResponse(own, status_code=200 if ok else 503)
    (own_ok, own), (reg_ok, reg), (sup_ok, sup) = await asyncio.gather(
        _own_readiness(request), state.registry.readiness(), state.supplies.readiness()
    )
    services = {"gateway": own, "registry": reg, "supplies": sup}
    not_ready = [
        name
        for name, ok in (("gateway", own_ok), ("registry", reg_ok), ("supplies", sup_ok))
        if not ok
    ]
    body = {
        "status": "ok" if not not_ready else "unavailable",
        "not_ready": not_ready,
        "services": services,
    }
    return JSONResponse(body, status_code=200 if not not_ready else 503)
